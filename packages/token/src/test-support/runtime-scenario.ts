// Runs inside other runtimes (bundled with the default entry): mint, verify, rotate keys, classify a bad token,
// and serve the token endpoint.
import { createTokenEndpoint } from "../endpoint.ts";
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
    endpoint: await endpointScenario(),
  };
}

/** The token endpoint answering web Requests: a grant with the client's agent, a denial, 413 and 400. */
async function endpointScenario(): Promise<Record<string, unknown>> {
  const endpoint = createTokenEndpoint({
    apiKey,
    apiSecret,
    serverUrl: "wss://edge.example",
    maxBodyBytes: 1024,
    authorize: (ask) =>
      ask.roomName === "edge-room"
        ? {
            identity: "edge-user",
            grants: { roomJoin: true, room: ask.roomName },
            roomConfig: ask.roomConfig,
          }
        : { deny: 403 },
  });
  const post = (body: string) =>
    endpoint(
      new Request("https://edge.example/token", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      }),
    );
  const ok = await post(
    JSON.stringify({ room_name: "edge-room", room_config: { agents: [{ agent_name: "edge-agent" }] } }),
  );
  const body = (await ok.json()) as { server_url: string; participant_token: string };
  const claims = await verifyToken(body.participant_token, { apiKey, apiSecret });
  return {
    status: ok.status,
    serverUrl: body.server_url,
    room: claims.video?.room,
    agent: claims.roomConfig?.agents?.[0]?.agentName,
    denied: (await post('{"room_name":"elsewhere"}')).status,
    tooLarge: (await post(" ".repeat(2000))).status,
    badJson: (await post("{")).status,
  };
}

/** Credentials of the scenario, for checking its tokens from the test process. */
export const scenarioCredentials = { apiKey, apiSecret };
