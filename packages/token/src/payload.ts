import type { CLAIM_ORDER, LiveKitClaims } from "./claims.ts";

/**
 * The JSON payload of a token: the registered claims, then the LiveKit claims in `CLAIM_ORDER`. One
 * layout for `AccessToken.toJwt()` and `signClaims()`, so both sign the same bytes for the same claims.
 */
export function payloadJson(
  apiKey: string,
  identity: string | undefined,
  ttlSeconds: number,
  c: LiveKitClaims,
): string {
  const now = Math.floor(Date.now() / 1000);
  // One fixed-shape literal in claim order; JSON.stringify drops the undefined members.
  const payload = {
    iss: apiKey,
    sub: identity,
    nbf: now,
    exp: now + Math.ceil(ttlSeconds),
    iat: now,
    name: c.name,
    metadata: c.metadata,
    attributes: c.attributes,
    kind: c.kind,
    kindDetails: c.kindDetails,
    video: c.video,
    sip: c.sip,
    agent: c.agent,
    inference: c.inference,
    observability: c.observability,
    roomConfig: c.roomConfig,
    roomPreset: c.roomPreset,
    sha256: c.sha256,
  } satisfies Record<"iss" | "sub" | "nbf" | "exp" | "iat" | (typeof CLAIM_ORDER)[number], unknown>;
  return JSON.stringify(payload);
}
