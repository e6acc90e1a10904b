import type { LiveKitClaims } from "./claims.ts";
import type { HmacEngine } from "./engine.ts";
import { TokenError } from "./errors.ts";
import { payloadJson } from "./payload.ts";

/** Options of `signClaims`: who signs, for whom, for how long. */
export interface SignClaimsOptions {
  /** API key (the token's `iss`). */
  readonly apiKey: string;
  /** API secret that signs the token. */
  readonly apiSecret: string;
  /** Time to live in seconds. */
  readonly ttlSeconds: number;
  /** Participant identity (the token's `sub`), if any. */
  readonly identity?: string;
}

/**
 * Signs claims as they are given, with the payload layout of `AccessToken`. Unlike the builder it checks
 * no grant, kind or room configuration (and so carries none of that code): for claims a program makes
 * itself, such as the server SDK's per-call tokens. Credentials and lifetime are still checked.
 */
export function signClaimsWith(
  engine: HmacEngine,
  claims: LiveKitClaims,
  options: SignClaimsOptions,
): string | Promise<string> {
  const { apiKey, apiSecret, ttlSeconds, identity } = options;
  if (typeof apiKey !== "string" || apiKey === "" || typeof apiSecret !== "string" || apiSecret === "") {
    throw new TokenError("missing_credentials", "signClaims needs a non-empty apiKey and apiSecret");
  }
  if (typeof ttlSeconds !== "number" || !Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
    throw new TokenError("invalid_option", "ttlSeconds must be a positive finite number of seconds");
  }
  if (identity !== undefined && (typeof identity !== "string" || identity === "")) {
    throw new TokenError("invalid_option", "identity must be a non-empty string when given");
  }
  return engine.sign(payloadJson(apiKey, identity, ttlSeconds, claims), apiSecret);
}
