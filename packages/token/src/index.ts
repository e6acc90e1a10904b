/**
 * `@exlivekit/token`: mint and verify LiveKit access tokens. This default entry uses only web-standard
 * APIs (Web Crypto) and runs on every runtime; Node selects `index.node.ts` through the `node` condition.
 * @packageDocumentation
 */
import { AccessTokenBuilder } from "./access-token-builder.ts";
import type { LiveKitClaims } from "./claims.ts";
import { webEngine } from "./engine.web.ts";
import { type SignClaimsOptions, signClaimsWith } from "./sign-claims.ts";
import {
  type VerifiedClaims,
  type VerifyCredentials,
  type VerifyOptions,
  verifyWith,
} from "./verify-token.ts";

export * from "./shared.ts";

/**
 * A LiveKit access token under construction: chain the `add*` builders, then `await toJwt()`.
 * @example
 * const jwt = await new AccessToken({ apiKey, apiSecret })
 *   .addIdentity("user123")
 *   .addGrants({ roomJoin: true, room: "my-room" })
 *   .toJwt();
 */
export class AccessToken extends AccessTokenBuilder {
  /** Signs with this entry's HS256 engine. */
  protected override sign(payloadJson: string, secret: string): Promise<string> {
    return webEngine.sign(payloadJson, secret) as Promise<string>;
  }
}

/**
 * Verifies a LiveKit token (HS256 only, `exp` required, issuer must be a known API key) and returns its
 * typed claims. Credentials default to `LIVEKIT_API_KEY` / `LIVEKIT_API_SECRET`.
 * @throws {@link TokenError} with a stable `code` on every failure
 */
export function verifyToken(
  token: string,
  credentials?: VerifyCredentials,
  options?: VerifyOptions,
): Promise<VerifiedClaims> {
  return verifyWith(webEngine, token, credentials, options);
}

/**
 * Signs LiveKit claims as given, with no checks of grants, kinds or room configuration (use
 * {@link AccessToken} for claims that come from input): for programs that build their own known-good
 * claims, such as the server SDK's per-call tokens. A bundle that uses only this carries no builder code.
 * @throws {@link TokenError} `missing_credentials` or `invalid_option` for unusable options
 */
export async function signClaims(claims: LiveKitClaims, options: SignClaimsOptions): Promise<string> {
  return signClaimsWith(webEngine, claims, options);
}
