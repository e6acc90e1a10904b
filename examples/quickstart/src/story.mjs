// @ts-check
// The ExLivekit README story, step by step, with the @exlivekit packages: tokens, rooms, participants,
// agent dispatch and webhooks, all against a real LiveKit server.

import { joinParticipant } from "@exlivekit/livekit-stack";
import { AgentDispatchService, EgressService, IngressService, RoomService } from "@exlivekit/server-sdk";
import { AccessToken, verifyToken } from "@exlivekit/token";

/** @typedef {import("@exlivekit/server-sdk").Client} Client */
/** @typedef {ReturnType<typeof import("./step-runner.mjs").createStepRunner>} StepRunner */
/** @typedef {Awaited<ReturnType<typeof import("./webhook-endpoint.mjs").startWebhookEndpoint>>} WebhookEndpoint */

const WEBHOOK_TIMEOUT_MS = 20_000;

/**
 * @typedef {object} StoryContext
 * @property {Client} client the server API client
 * @property {string} wsUrl the server's WebSocket URL, for the participant
 * @property {string} apiKey
 * @property {string} apiSecret
 * @property {WebhookEndpoint | undefined} webhooks our endpoint, when the server posts to it
 * @property {StepRunner} steps
 * @property {string} room the room name to use (created and deleted here)
 */

/** @param {StoryContext} ctx */
export async function runStory({ client, wsUrl, apiKey, apiSecret, webhooks, steps, room }) {
  const { step } = steps;
  const identity = "quickstart-user";

  const jwt = await step("mint a join token (AccessToken)", async () => {
    const value = await new AccessToken({ apiKey, apiSecret })
      .addIdentity(identity)
      .addName("John Doe")
      .addMetadata("user metadata")
      .addTtl(3600)
      .addGrants({ roomJoin: true, room, canPublish: true, canSubscribe: true })
      .toJwt();
    // Never print a token: its length says enough.
    return { summary: `JWT of ${value.length} chars for ${identity}`, value };
  });
  if (jwt === undefined) throw new Error("no token");

  await step("verify it locally (verifyToken)", async () => {
    const claims = await verifyToken(jwt, { apiKey, apiSecret });
    if (claims.identity !== identity || claims.video?.room !== room) {
      throw new Error(`claims do not round-trip: ${claims.identity} / ${claims.video?.room}`);
    }
    return `identity=${claims.identity} room=${claims.video.room} roomJoin=${claims.video.roomJoin}`;
  });

  await step("server validates it (GET /rtc/validate)", async () => {
    const url = new URL("/rtc/validate", client.host);
    url.searchParams.set("access_token", jwt);
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${body.slice(0, 120)}`);
    return `HTTP ${res.status}`;
  });

  await step("create a room with options", async () => {
    const created = await RoomService.createRoom(client, room, {
      maxParticipants: 50,
      emptyTimeout: 300,
      metadata: "Room metadata",
    });
    return `${created.name} sid=${created.sid} maxParticipants=${created.maxParticipants} emptyTimeout=${created.emptyTimeout}`;
  });

  if (webhooks !== undefined) {
    await step("webhook room_started received and verified", async () => {
      const event = await webhooks.waitFor("room_started", room, WEBHOOK_TIMEOUT_MS);
      return `event=${event.event} room=${event.room?.name} id=${event.id}`;
    });
  } else {
    steps.skip("webhook room_started", "the server's webhooks do not reach this process");
  }

  await step("list rooms", async () => {
    const all = await RoomService.listRooms(client);
    const filtered = await RoomService.listRooms(client, { names: [room] });
    if (filtered.length !== 1 || filtered[0]?.name !== room) throw new Error("filtered list lacks the room");
    return `${all.length} room(s) in all; names filter -> [${filtered.map((r) => r.name).join(", ")}]`;
  });

  await step("update room metadata", async () => {
    const updated = await RoomService.updateRoomMetadata(client, room, "updated metadata");
    if (updated.metadata !== "updated metadata") throw new Error(`metadata is ${updated.metadata}`);
    return `metadata=${JSON.stringify(updated.metadata)}`;
  });

  await step("ingress: create, list, update, delete", async () => {
    const ingress = await IngressService.createIngress(client, {
      inputType: "RTMP_INPUT",
      name: "quickstart-stream",
      roomName: room,
      participantIdentity: "streamer",
      participantName: "Streamer Name",
    });
    try {
      const listed = await IngressService.listIngress(client, { roomName: room });
      if (!listed.some((i) => i.ingressId === ingress.ingressId)) throw new Error("ingress not listed");
      const updated = await IngressService.updateIngress(client, ingress.ingressId, {
        name: "Updated Name",
        participantMetadata: "Updated metadata",
      });
      if (updated.name !== "Updated Name") throw new Error(`name is ${updated.name}`);
    } finally {
      await IngressService.deleteIngress(client, ingress.ingressId);
    }
    // Never print the stream key: it is a credential.
    return `id=${ingress.ingressId} room=${ingress.roomName} identity=${ingress.participantIdentity} (listed, renamed, deleted)`;
  });

  await step("egress: list", async () => {
    const egresses = await EgressService.listEgress(client, { roomName: room });
    return `${egresses.length} egress(es) for the room (starting one needs an egress worker)`;
  });

  const participant = await step("a participant joins (WebRTC)", async () => {
    const value = await joinParticipant({ wsUrl, apiKey, apiSecret }, room, "alice", {
      name: "Alice",
      metadata: "joined from the quickstart",
    });
    return { summary: `identity=${value.identity}`, value };
  });
  try {
    await step("list participants", async () => {
      const list = await RoomService.listParticipants(client, room);
      if (!list.some((p) => p.identity === "alice")) throw new Error("alice is not listed");
      return `[${list.map((p) => p.identity).join(", ")}]`;
    });

    await step("get participant", async () => {
      const p = await RoomService.getParticipant(client, room, "alice");
      return `identity=${p.identity} name=${p.name} sid=${p.sid}`;
    });

    await step("update participant", async () => {
      const p = await RoomService.updateParticipant(client, room, "alice", {
        metadata: "new metadata",
        name: "New Name",
      });
      if (p.metadata !== "new metadata" || p.name !== "New Name") throw new Error("update not applied");
      return `name=${p.name} metadata=${JSON.stringify(p.metadata)}`;
    });

    await step("remove participant", async () => {
      await RoomService.removeParticipant(client, room, "alice");
      const left = await RoomService.listParticipants(client, room);
      if (left.some((p) => p.identity === "alice")) throw new Error("alice is still listed");
      return `removed; ${left.length} participant(s) left`;
    });
  } finally {
    await participant?.leave();
  }

  await step("create an agent dispatch", async () => {
    const dispatch = await AgentDispatchService.createDispatch(client, room, "quickstart-agent", {
      metadata: '{"greeting":"hi"}',
    });
    const listed = await AgentDispatchService.listDispatch(client, room);
    if (!listed.some((d) => d.id === dispatch.id)) throw new Error("dispatch not listed");
    const fetched = await AgentDispatchService.getDispatch(client, dispatch.id, room);
    if (fetched?.metadata !== '{"greeting":"hi"}') throw new Error("getDispatch lost the metadata");
    await AgentDispatchService.deleteDispatch(client, dispatch.id, room);
    return `id=${dispatch.id} agent=${dispatch.agentName} (listed, fetched, deleted)`;
  });

  await step("delete the room", async () => {
    await RoomService.deleteRoom(client, room);
    const rest = await RoomService.listRooms(client, { names: [room] });
    if (rest.length !== 0) throw new Error("room still listed");
    return `${room} deleted`;
  });

  if (webhooks !== undefined) {
    await step("webhook room_finished received and verified", async () => {
      const event = await webhooks.waitFor("room_finished", room, WEBHOOK_TIMEOUT_MS);
      return `event=${event.event} room=${event.room?.name} id=${event.id}`;
    });
  } else {
    steps.skip("webhook room_finished", "the server's webhooks do not reach this process");
  }
}
