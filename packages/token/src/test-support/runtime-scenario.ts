// Runs inside other runtimes (bundled with the default entry): mint, verify, rotate keys, classify a bad token.
import { AccessToken, verifyToken } from "../index.ts";

const apiKey = "APIruntime";
const apiSecret = "runtime-secret-runtime-secret-runtime";

/** The scenario every runtime runs; returns plain JSON so it crosses any realm or process boundary. */
export async function scenario(): Promise<Record<string, unknown>> {
  const jwt = await new AccessToken({ apiKey, apiSecret })
    .addIdentity("edge-user")
    .addName("Edge ✓")
    .addGrants({ roomJoin: true, room: "edge-room", canPublish: true })
    .addAttributes({ runtime: "yes" })
    .addTtl("15m")
    .toJwt();
  const claims = await verifyToken(jwt, { apiKey, apiSecret });
  const rotated = await verifyToken(jwt, { keys: { old: "old-secret-old-secret", [apiKey]: apiSecret } });
  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => "ok",
      (error: { code?: string }) => error.code ?? `untyped: ${String(error)}`,
    );
  let missing = "ok";
  try {
    new AccessToken();
  } catch (error) {
    missing = (error as { code: string }).code;
  }
  return {
    jwt,
    identity: claims.identity,
    name: claims.name,
    video: claims.video,
    ttl: claims.expiresAt - (claims.issuedAt ?? 0),
    rotatedKey: rotated.apiKey,
    badSignature: await codeOf(verifyToken(jwt, { apiKey, apiSecret: "wrong-secret-wrong-secret" })),
    malformed: await codeOf(verifyToken("not-a-token", { apiKey, apiSecret })),
    missingCredentials: missing,
  };
}

/** Credentials of the scenario, for checking its tokens from the test process. */
export const scenarioCredentials = { apiKey, apiSecret };
