// undici's Pool from its own module: loading undici's index evaluates about three times as many modules
// (fetch, WebSocket, caches, mocks) that this transport never uses. And it is loaded on the first request
// that needs a pool, not at import: importing the transport (and so a program's start) costs no undici.
import type { Pool } from "undici";

type PoolClass = typeof Pool;

let loaded: PoolClass | undefined;
let loading: Promise<PoolClass> | undefined;

/** undici's `Pool` class: at once when loaded, else a promise of it (one load however many callers). */
export function poolClass(): PoolClass | Promise<PoolClass> {
  if (loaded !== undefined) return loaded;
  loading ??= import("undici/lib/dispatcher/pool.js").then(
    (module) => {
      loaded = module.default;
      return loaded;
    },
    (error: unknown) => {
      // A failed load is not remembered: the next request tries again.
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
