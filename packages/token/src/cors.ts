import { TokenError } from "./errors.ts";

/** Cross-origin access to the token endpoint, for a page served from another origin. */
export interface TokenEndpointCors {
  /**
   * Origins allowed to call the endpoint: one origin (`"https://app.example"`), a list, a predicate, or
   * `"*"` (any origin; not with `credentials`).
   */
  origin: string | readonly string[] | ((origin: string) => boolean);
  /** Let the browser send cookies (`fetch(..., { credentials: "include" })`); default false. */
  credentials?: boolean;
  /** Request headers the page may send; default `content-type` and `authorization`. */
  allowHeaders?: readonly string[];
  /** Seconds a browser may cache the preflight answer; default 600. */
  maxAge?: number;
}

/** The CORS headers of one endpoint: for an allowed origin, or `undefined` when it is not allowed. */
export interface CorsPolicy {
  /** Headers for any response to a request from `origin`; `undefined` when the origin is not allowed. */
  headers(origin: string | null): Record<string, string> | undefined;
  /** Extra headers of a preflight answer. */
  readonly preflight: Record<string, string>;
}

/** Checks the options once and returns the policy; throws `invalid_option` for a bad setting. */
export function corsPolicy(cors: TokenEndpointCors): CorsPolicy {
  const {
    origin,
    credentials = false,
    allowHeaders = ["content-type", "authorization"],
    maxAge = 600,
  } = cors;
  const allows = originMatcher(origin);
  if (origin === "*" && credentials) {
    throw new TokenError(
      "invalid_option",
      'cors: origin "*" cannot be combined with credentials; list the origins',
    );
  }
  if (!Number.isInteger(maxAge) || maxAge < 0) {
    throw new TokenError("invalid_option", "cors.maxAge must be a non-negative integer of seconds");
  }
  const shared: Record<string, string> = credentials ? { "access-control-allow-credentials": "true" } : {};
  return {
    headers(requestOrigin) {
      if (origin === "*") return { "access-control-allow-origin": "*" };
      if (requestOrigin === null || !allows(requestOrigin)) return undefined;
      return { ...shared, "access-control-allow-origin": requestOrigin, vary: "Origin" };
    },
    preflight: {
      "access-control-allow-methods": "POST",
      "access-control-allow-headers": allowHeaders.join(", "),
      "access-control-max-age": String(maxAge),
    },
  };
}

function originMatcher(origin: TokenEndpointCors["origin"]): (requestOrigin: string) => boolean {
  if (typeof origin === "function") return (requestOrigin) => origin(requestOrigin) === true;
  if (typeof origin === "string") return (requestOrigin) => requestOrigin === origin;
  if (Array.isArray(origin) && origin.every((o) => typeof o === "string")) {
    const set = new Set<string>(origin);
    return (requestOrigin) => set.has(requestOrigin);
  }
  throw new TokenError(
    "invalid_option",
    'cors.origin must be an origin string, a list of them, a predicate or "*"',
  );
}
