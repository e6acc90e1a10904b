// Tokens minted here against a real livekit-server (started by the @exlivekit/livekit-stack harness).
import "@exlivekit/livekit-stack/vitest";
import { describe, expect, inject, it } from "vitest";
import WebSocket from "ws";
import { AccessToken as NodeAccessToken } from "./index.node.ts";
import { AccessToken as WebAccessToken } from "./index.ts";

async function twirp(url: string, method: string, jwt: string, body = "{}"): Promise<Response> {
  return fetch(`${url}/twirp/livekit.RoomService/${method}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${jwt}` },
    body,
  });
}

function listRooms(url: string, jwt: string): Promise<Response> {
  return twirp(url, "ListRooms", jwt);
}

/** Opens a signalling connection and resolves once the server answers (the join response). */
async function signal(wsUrl: string, jwt: string): Promise<WebSocket> {
  const socket = new WebSocket(
    `${wsUrl}/rtc?access_token=${encodeURIComponent(jwt)}&protocol=16&auto_subscribe=0`,
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no signalling answer within 10 s")), 10_000);
    socket.once("message", () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  return socket;
}

describe.each([
  ["web", WebAccessToken],
  ["node", NodeAccessToken],
] as const)("real livekit-server accepts our tokens (%s entry)", (_name, AccessToken) => {
  it("an admin token with roomList may call RoomService.ListRooms", async () => {
    const { url, apiKey, apiSecret } = inject("livekit");
    const jwt = await new AccessToken({ apiKey, apiSecret })
      .addGrants({ roomList: true })
      .addTtl("1m")
      .toJwt();
    const response = await listRooms(url, jwt);
    expect(response.status).toBe(200);
    expect(await response.json()).toBeTypeOf("object");
  });

  it("a token without the roomList grant is refused with 401", async () => {
    const { url, apiKey, apiSecret } = inject("livekit");
    const jwt = await new AccessToken({ apiKey, apiSecret }).addGrants({ roomCreate: true }).toJwt();
    const response = await listRooms(url, jwt);
    expect(response.status).toBe(401);
    await response.body?.cancel();
  });

  it("a token signed with another secret is refused with 401", async () => {
    const { url, apiKey } = inject("livekit");
    const jwt = await new AccessToken({ apiKey, apiSecret: "not-the-server-secret-not-the-server" })
      .addGrants({ roomList: true })
      .toJwt();
    const response = await listRooms(url, jwt);
    expect(response.status).toBe(401);
    await response.body?.cancel();
  });

  it("a join token passes /rtc/validate, with a room config and every grant kind", async () => {
    const { url, apiKey, apiSecret } = inject("livekit");
    const jwt = await new AccessToken({ apiKey, apiSecret })
      .addIdentity(`validate-${Date.now()}`)
      .addName("Validator")
      .addMetadata('{"k":"v"}')
      .addAttributes({ role: "tester" })
      .addKind("standard")
      .addGrants({ roomJoin: true, room: `token-it-${Date.now()}`, canPublishSources: ["camera"] })
      .addSipGrants({ call: true })
      .addInferenceGrants({ perform: true })
      .addObservabilityGrants({ write: true })
      .addRoomConfig({ emptyTimeout: 30, maxParticipants: 2 })
      .toJwt();
    const response = await fetch(`${url}/rtc/validate?access_token=${encodeURIComponent(jwt)}`);
    expect(response.status).toBe(200);
    await response.body?.cancel();
  });

  it("joins a room: the server applies identity, name, metadata, attributes and the room config", async () => {
    const { url, wsUrl, apiKey, apiSecret } = inject("livekit");
    const room = `token-join-${_name}-${Date.now()}`;
    const jwt = await new AccessToken({ apiKey, apiSecret })
      .addIdentity("joiner")
      .addName("Joiner")
      .addMetadata('{"seat":3}')
      .addAttributes({ team: "blue" })
      .addGrants({ roomJoin: true, room })
      .addRoomConfig({ maxParticipants: 7, metadata: "from-room-config", emptyTimeout: 60 })
      .toJwt();
    const socket = await signal(wsUrl, jwt);
    try {
      const admin = await new AccessToken({ apiKey, apiSecret })
        .addGrants({ roomAdmin: true, roomList: true, room })
        .toJwt();
      const participants = (await (
        await twirp(url, "ListParticipants", admin, JSON.stringify({ room }))
      ).json()) as {
        participants: {
          identity: string;
          name: string;
          metadata: string;
          attributes?: Record<string, string>;
        }[];
      };
      expect(participants.participants).toHaveLength(1);
      expect(participants.participants[0]).toMatchObject({
        identity: "joiner",
        name: "Joiner",
        metadata: '{"seat":3}',
        attributes: { team: "blue" },
      });
      const rooms = (await (await listRooms(url, admin)).json()) as {
        rooms: { name: string; max_participants: number; metadata: string }[];
      };
      expect(rooms.rooms.find((r) => r.name === room)).toMatchObject({
        max_participants: 7,
        metadata: "from-room-config",
      });
    } finally {
      socket.close();
    }
  });

  it("an expired join token fails /rtc/validate", async () => {
    const { url, apiKey, apiSecret } = inject("livekit");
    const realNow = Date.now;
    Date.now = () => realNow() - 3 * 3600_000;
    let jwt: string;
    try {
      jwt = await new AccessToken({ apiKey, apiSecret })
        .addIdentity("late")
        .addGrants({ roomJoin: true, room: "late-room" })
        .addTtl("1h")
        .toJwt();
    } finally {
      Date.now = realNow;
    }
    const response = await fetch(`${url}/rtc/validate?access_token=${encodeURIComponent(jwt)}`);
    expect(response.status).toBe(401);
    await response.body?.cancel();
  });
});
