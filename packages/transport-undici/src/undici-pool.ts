// undici's Pool from its own module: loading undici's index evaluates about three times as many modules
// (fetch, WebSocket, caches, mocks) that this transport never uses.
import type { Pool } from "undici";
import PoolClass from "undici/lib/dispatcher/pool.js";

/** `new Pool(origin, options)`. */
export function createPool(origin: string, options: Pool.Options): Pool {
  return new PoolClass(origin, options);
}
