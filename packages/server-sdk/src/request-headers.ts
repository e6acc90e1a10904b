import { InvalidArgumentError } from "./errors.ts";

/** The SDK's own version, set by the build (tsup `define`); `dev` when running from source. */
declare const __EXLIVEKIT_SDK_VERSION__: string | undefined;
const VERSION = typeof __EXLIVEKIT_SDK_VERSION__ === "string" ? __EXLIVEKIT_SDK_VERSION__ : "dev";

// RFC 9110 token characters for names; values are visible ASCII, space, tab and obs-text (0x80-0xFF),
// which is what both undici and fetch's Headers accept. Checked here so a bad header is the caller's
// InvalidArgumentError, not a network failure that gets retried.
const NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

// Set by the caller on every request; a user header may not replace them.
const RESERVED = new Set([
  "authorization",
  "content-type",
  "content-length",
  "transfer-encoding",
  "connection",
  "host",
  "x-twirp-timeout-ms",
]);

/** A name for the runtime, as `User-Agent` reports it: `node/20.19.0`, `deno/2.1.0`, `bun/1.1.0`. */
function runtime(): string {
  const g = globalThis as {
    Deno?: { version?: { deno?: string } };
    Bun?: { version?: string };
    process?: { versions?: { node?: string } };
    navigator?: { userAgent?: string };
  };
  if (typeof g.Deno?.version?.deno === "string") return `deno/${g.Deno.version.deno}`;
  if (typeof g.Bun?.version === "string") return `bun/${g.Bun.version}`;
  if (typeof g.process?.versions?.node === "string") return `node/${g.process.versions.node}`;
  const ua = g.navigator?.userAgent;
  return typeof ua === "string" && VALUE.test(ua) ? ua.slice(0, 100) : "unknown";
}

/** `exlivekit-server-sdk/<version> <runtime>`, sent as `User-Agent`. */
export const USER_AGENT = `exlivekit-server-sdk/${VERSION} ${runtime()}`;

/**
 * Validates user headers (`ClientOptions.headers` or a call's `headers`) and lays them over `base` with
 * lower-case names, so `Authorization` and `authorization` are one header. Throws `InvalidArgumentError`
 * for a malformed name or value and for a header the SDK sets itself (`authorization`, `content-type`...).
 */
export function mergeHeaders(
  base: Readonly<Record<string, string>>,
  extra: Readonly<Record<string, string>> | undefined,
  argument: string,
): Record<string, string> {
  // No prototype: a header named `__proto__` is a header, not a prototype change.
  const merged: Record<string, string> = Object.assign(Object.create(null), base);
  if (extra === undefined) return merged;
  const given = new Set<string>();
  if (typeof extra !== "object" || extra === null) {
    throw new InvalidArgumentError(argument, "must be an object of header names to strings");
  }
  for (const name of Object.keys(extra)) {
    const value = extra[name];
    if (!NAME.test(name))
      throw new InvalidArgumentError(argument, `"${name.slice(0, 64)}" is not a header name`);
    const lower = name.toLowerCase();
    if (typeof value !== "string" || !VALUE.test(value)) {
      throw new InvalidArgumentError(`${argument}.${lower}`, "must be a string without control characters");
    }
    if (RESERVED.has(lower)) {
      throw new InvalidArgumentError(
        `${argument}.${lower}`,
        "is set by the SDK and cannot be replaced (credentials go in apiKey/apiSecret)",
      );
    }
    if (given.has(lower)) {
      throw new InvalidArgumentError(`${argument}.${lower}`, "is given twice, in different case");
    }
    given.add(lower);
    merged[lower] = value;
  }
  return merged;
}
