/**
 * The second source of endpoints: a LiveKit Cloud project's regions, from `GET <project>/settings/regions`
 * (as LiveKit's own SDKs do), looked up only when a call needs to fail over. The answer is cached for its
 * `Cache-Control: max-age`, concurrent lookups share one request, and only `*.livekit.cloud` URLs with the
 * project's own scheme are accepted, so a bad answer cannot send our bearer tokens anywhere else.
 */
import type { DiscoverFn } from "./endpoints.ts";
import type { Transport } from "./transport.ts";

/** The lookup's own time limit, whatever remains of the call's deadline. */
export const REGIONS_TIMEOUT_MS = 2_000;
const MAX_BODY_BYTES = 64 * 1024;
const MAX_REGIONS = 16;
const CLOUD_SUFFIX = ".livekit.cloud";

/** Whether `base` (an http(s) base URL) is a LiveKit Cloud project. */
export function isCloudHost(base: string): boolean {
  try {
    return new URL(base).hostname.toLowerCase().endsWith(CLOUD_SUFFIX);
  } catch {
    return false;
  }
}

/** Seconds of `max-age` in a Cache-Control value, as milliseconds; 0 when absent or invalid. */
export function maxAgeMs(cacheControl: string | string[] | undefined): number {
  const value = Array.isArray(cacheControl) ? cacheControl[0] : cacheControl;
  if (value === undefined) return 0;
  for (const directive of value.split(",")) {
    const match = /^\s*max-age\s*=\s*"?(\d{1,9})"?\s*$/i.exec(directive);
    if (match !== null) return Number(match[1]) * 1000;
  }
  return 0;
}

/**
 * Region base URLs from a `/settings/regions` body (`{"regions":[{"region":"…","url":"wss://…"}]}`):
 * http(s) origins on `*.livekit.cloud` with `protocol` as scheme, without duplicates, at most 16.
 */
export function parseRegions(body: Uint8Array, protocol: string): string[] {
  if (body.length > MAX_BODY_BYTES) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(body));
  } catch {
    return [];
  }
  const regions = (parsed as { regions?: unknown } | null)?.regions;
  if (!Array.isArray(regions)) return [];
  const out: string[] = [];
  for (const region of regions.slice(0, MAX_REGIONS)) {
    const raw = (region as { url?: unknown } | null)?.url;
    if (typeof raw !== "string") continue;
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      continue;
    }
    const scheme = url.protocol === "wss:" ? "https:" : url.protocol === "ws:" ? "http:" : url.protocol;
    if (scheme !== protocol || !url.hostname.toLowerCase().endsWith(CLOUD_SUFFIX)) continue;
    const origin = `${scheme}//${url.host}`;
    if (!out.includes(origin)) out.push(origin);
  }
  return out;
}

/** A `DiscoverFn` for the Cloud project at `base`, sending through `transport` (interceptors see calls only). */
export function cloudRegions(base: string, transport: Transport, now: () => number = Date.now): DiscoverFn {
  const project = new URL(base);
  const url = `${project.origin}/settings/regions`;
  let known: readonly string[] = [];
  let freshUntil = 0;
  let pending: Promise<readonly string[]> | undefined;

  async function lookUp(authorization: string, timeoutMs: number): Promise<readonly string[]> {
    try {
      const response = await transport.request({
        url,
        method: "GET",
        headers: { authorization },
        body: new Uint8Array(0),
        timeoutMs: Math.min(REGIONS_TIMEOUT_MS, timeoutMs),
      });
      if (response.status !== 200) return known;
      known = parseRegions(response.body, project.protocol);
      freshUntil = now() + maxAgeMs(response.headers["cache-control"]);
      return known;
    } catch {
      // The failover falls back to what it knew; the call reports its own error, not this lookup's.
      return known;
    }
  }

  return (authorization, timeoutMs) => {
    if (now() < freshUntil) return Promise.resolve(known);
    pending ??= lookUp(authorization, timeoutMs).finally(() => {
      pending = undefined;
    });
    return pending;
  };
}
