import { verifyToken } from "@exlivekit/token";
import { TokenSource } from "livekit-client";
import { expect } from "vitest";
import type { Send } from "./send.ts";
import { POLICY_SECRET } from "./token-policy.mjs";

export const credentials = {
  apiKey: "APIrecipes",
  apiSecret: "recipes-secret-recipes-secret-recipes-secret",
  serverUrl: "wss://recipes.example",
};

/** The environment a recipe reads its credentials and URL from. */
export const livekitEnv = {
  LIVEKIT_API_KEY: credentials.apiKey,
  LIVEKIT_API_SECRET: credentials.apiSecret,
  LIVEKIT_URL: credentials.serverUrl,
};

/** The endpoint's path in every recipe. */
export const PATH = "/api/livekit/token";

const json = { "content-type": "application/json" };
const signedIn = { ...json, cookie: "session=ada" };

async function expectError(response: Response, status: number, code: string): Promise<string> {
  const text = await response.text();
  expect({ status: response.status, type: response.headers.get("content-type") }, text).toEqual({
    status,
    type: "application/json",
  });
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(Object.keys(body)).toEqual(["code", "message"]);
  expect(body["code"]).toBe(code);
  return body["message"] as string;
}

/**
 * Everything a recipe must answer as the endpoint does: the token of the policy (not of the ask), and
 * each error with its status and JSON body. `allow` is the Allow header of a 405.
 */
export async function expectEndpoint(send: Send, { allow = "POST" } = {}): Promise<void> {
  const ok = await send({
    method: "POST",
    headers: signedIn,
    body: JSON.stringify({
      room_name: "standup",
      participant_identity: "admin",
      participant_name: "Root",
      participant_metadata: "evil",
      room_config: { agents: [{ agent_name: "helper" }] },
    }),
  });
  const okText = await ok.text();
  expect(ok.status, okText).toBe(200);
  expect(ok.headers.get("cache-control")).toBe("no-store");
  const body = JSON.parse(okText) as Record<string, string>;
  expect(Object.keys(body)).toEqual(["server_url", "participant_token"]);
  expect(body["server_url"]).toBe(credentials.serverUrl);
  const claims = await verifyToken(body["participant_token"]!, credentials);
  expect(claims.identity).toBe("ada");
  expect(claims.name).toBe("Ada");
  expect(claims.metadata).toBeUndefined();
  expect(claims.video).toEqual({ roomJoin: true, room: "standup", canPublish: true });
  expect(claims.roomConfig).toEqual({ agents: [{ agentName: "helper" }] });

  await expectError(await send({ method: "POST", headers: json, body: "{}" }), 401, "unauthorized");
  const privateRoom = JSON.stringify({ room_name: "private" });
  expect(
    await expectError(await send({ method: "POST", headers: signedIn, body: privateRoom }), 403, "forbidden"),
  ).toBe("not your room");
  const boom = await send({ method: "POST", headers: signedIn, body: JSON.stringify({ room_name: "boom" }) });
  expect(await boom.clone().text()).not.toContain("hunter2");
  expect(await expectError(boom, 500, "internal_error")).not.toContain(POLICY_SECRET);

  const get = await send({ method: "GET", headers: { cookie: "session=ada" } });
  expect(get.headers.get("allow")).toBe(allow);
  await expectError(get, 405, "method_not_allowed");
  const text = await send({
    method: "POST",
    headers: { ...signedIn, "content-type": "text/plain" },
    body: "{}",
  });
  await expectError(text, 415, "unsupported_media_type");
  await expectError(await send({ method: "POST", headers: signedIn, body: "{" }), 400, "invalid_request");
  const wrongType = await send({ method: "POST", headers: signedIn, body: '{"room_name":5}' });
  expect(await expectError(wrongType, 400, "invalid_request")).toBe(
    "roomName must be a string, got a number",
  );
  // The default cap is 16 KiB: a larger declared length is refused before any byte is read, and a
  // chunked upload as soon as it passes the cap (reading all it sent, so the close is clean).
  const declared = await send({
    method: "POST",
    headers: signedIn,
    upload: { sent: 1024, declared: 10 << 20 },
  });
  await expectError(declared, 413, "body_too_large");
  const chunked = await send({ method: "POST", headers: signedIn, upload: { sent: 16 * 1024 + 1 } });
  await expectError(chunked, 413, "body_too_large");
}

/** LiveKit's own client, `TokenSource.endpoint`, gets credentials from the running recipe. */
export async function expectLivekitClient(base: string): Promise<void> {
  const source = TokenSource.endpoint(base + PATH, { headers: { cookie: "session=ada" } });
  const { serverUrl, participantToken } = await source.fetch({
    roomName: "standup",
    participantIdentity: "admin",
    agentName: "helper",
    agentMetadata: "hi",
  });
  expect(serverUrl).toBe(credentials.serverUrl);
  const claims = await verifyToken(participantToken, credentials);
  expect([claims.identity, claims.video?.room]).toEqual(["ada", "standup"]);
  expect(claims.roomConfig).toEqual({ agents: [{ agentName: "helper", metadata: "hi" }] });
}
