import "@exlivekit/livekit-stack/vitest";
import { fromJson, toBinary } from "@bufbuild/protobuf";
import { joinParticipant, mintToken, startStack, webhookSink } from "@exlivekit/livekit-stack";
import { readWebhookEventJson } from "@exlivekit/protocol/json/webhook";
import { type WebhookEvent, WebhookEventSchema } from "@exlivekit/protocol/webhook";
import { AccessToken } from "@exlivekit/token";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import WebSocket from "ws";
import {
  decodeWebhookEvent,
  decodeWebhookEventBinary,
  WEBHOOK_AUTHORIZATION_HEADER,
  WEBHOOK_CONTENT_TYPE,
  WebhookReceiver,
} from "../src/index.ts";
import { type Received, startWebhookEndpoint } from "./deliveries.ts";

type Stack = Awaited<ReturnType<typeof startStack>>;
type Endpoint = Awaited<ReturnType<typeof startWebhookEndpoint>>;

const WAIT_MS = 20_000;

/** Calls a RoomService method over Twirp JSON with a freshly minted roomCreate + roomAdmin token. */
async function roomService(
  stack: Pick<Stack, "url" | "apiKey" | "apiSecret">,
  method: "CreateRoom" | "DeleteRoom" | "RemoveParticipant",
  body: { room?: string; name?: string; identity?: string; emptyTimeout?: number },
) {
  const room = body.room ?? body.name ?? "";
  const token = await new AccessToken({ apiKey: stack.apiKey, apiSecret: stack.apiSecret })
    .addGrants({ roomCreate: true, roomAdmin: true, room })
    .toJwt();
  const response = await fetch(`${stack.url}/twirp/livekit.RoomService/${method}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json();
}

describe("real deliveries from livekit-server to our own endpoint", () => {
  let stack: Stack;
  let endpoint: Endpoint;
  let receiver: WebhookReceiver;
  const room = `webhook-${Date.now().toString(36)}`;

  beforeAll(async () => {
    endpoint = await startWebhookEndpoint(() => receiver);
    stack = await startStack({ redis: false, webhookUrls: endpoint.urls });
    receiver = new WebhookReceiver({ apiKey: stack.apiKey, apiSecret: stack.apiSecret });
  });

  afterAll(async () => {
    await stack?.stop();
    await endpoint?.close();
  });

  const on = (path: Received["path"], event: string) => (r: Received) =>
    r.path === path &&
    (path === "/raw"
      ? new TextDecoder().decode(r.body).includes(`"${event}"`) &&
        new TextDecoder().decode(r.body).includes(room)
      : r.event?.event === event && r.event.room?.name === room);

  it("room_started from CreateRoom, verified by the Node helper, receiveRequest and raw receive()", async () => {
    await roomService(stack, "CreateRoom", { name: room, emptyTimeout: 60 });
    for (const path of ["/node", "/web"] as const) {
      const delivery = await endpoint.waitFor(on(path, "room_started"), WAIT_MS, `room_started on ${path}`);
      expect(delivery.error).toBeUndefined();
      expect(delivery.event?.room?.sid).toMatch(/^RM_/);
      expect(typeof delivery.event?.createdAt).toBe("bigint");
    }
    const raw = await endpoint.waitFor(on("/raw", "room_started"), WAIT_MS, "room_started on /raw");
    expect(raw.headers["content-type"]).toBe(WEBHOOK_CONTENT_TYPE);
    const authorization = raw.headers[WEBHOOK_AUTHORIZATION_HEADER.toLowerCase()] as string;
    expect(authorization).not.toMatch(/^Bearer /);
    const event = await receiver.receive(raw.body!, authorization);
    expect(event.event).toBe("room_started");
    expect(event.room?.name).toBe(room);
    // The same bytes taken from a queue instead of HTTP: decoded alike, as bytes, text or parsed JSON.
    const text = new TextDecoder().decode(raw.body);
    expect(decodeWebhookEvent(raw.body!)).toEqual(event);
    expect(decodeWebhookEvent(text)).toEqual(event);
    expect(decodeWebhookEvent(JSON.parse(text))).toEqual(event);
    expect(decodeWebhookEventBinary(toBinary(WebhookEventSchema, event))).toEqual(event);
  });

  it("participant_joined and participant_left for a real participant", async () => {
    const participant = await joinParticipant(
      { wsUrl: stack.wsUrl, apiKey: stack.apiKey, apiSecret: stack.apiSecret },
      room,
      "alice",
      { name: "Alice" },
    );
    for (const path of ["/node", "/web"] as const) {
      const joined = await endpoint.waitFor(
        on(path, "participant_joined"),
        WAIT_MS,
        `participant_joined on ${path}`,
      );
      expect(joined.event?.participant?.identity).toBe("alice");
      expect(joined.event?.participant?.name).toBe("Alice");
    }
    await participant.leave();
    for (const path of ["/node", "/web"] as const) {
      const left = await endpoint.waitFor(
        on(path, "participant_left"),
        WAIT_MS,
        `participant_left on ${path}`,
      );
      expect(left.event?.participant?.identity).toBe("alice");
    }
  });

  // Ingress and egress events need an ingress or egress worker, which this machine has none of; the open
  // source livekit-server (v1.13.5) sends no agent_job_* event at all (LiveKit Cloud does).
  it("track_published and track_unpublished for a real participant's track", async () => {
    const participant = await joinParticipant(
      { wsUrl: stack.wsUrl, apiKey: stack.apiKey, apiSecret: stack.apiSecret },
      room,
      "bob",
    );
    try {
      const { sid } = await participant.publishAudioTrack("mic");
      for (const path of ["/node", "/web"] as const) {
        const published = await endpoint.waitFor(
          on(path, "track_published"),
          WAIT_MS,
          `track_published on ${path}`,
        );
        expect(published.event?.participant?.identity).toBe("bob");
        expect(published.event?.track).toMatchObject({ sid, name: "mic" });
      }
      await participant.unpublishTrack(sid);
      for (const path of ["/node", "/web"] as const) {
        const unpublished = await endpoint.waitFor(
          on(path, "track_unpublished"),
          WAIT_MS,
          `track_unpublished on ${path}`,
        );
        expect(unpublished.event?.track?.sid).toBe(sid);
      }
    } finally {
      await participant.leave();
    }
  });

  it("participant_connection_aborted for a participant removed before its media ever connected", async () => {
    // A signalling-only join: the server admits "carol" over the WebSocket and answers with its join
    // response, but no peer connection comes up, so her removal is reported as an aborted connection.
    const token = mintToken(stack.apiKey, stack.apiSecret, { sub: "carol", video: { roomJoin: true, room } });
    const socket = new WebSocket(`${stack.wsUrl}/rtc?access_token=${token}`);
    try {
      await new Promise((resolve, reject) => {
        socket.once("message", resolve);
        socket.once("error", reject);
      });
      await roomService(stack, "RemoveParticipant", { room, identity: "carol" });
      for (const path of ["/node", "/web"] as const) {
        const aborted = await endpoint.waitFor(
          on(path, "participant_connection_aborted"),
          WAIT_MS,
          `participant_connection_aborted on ${path}`,
        );
        expect(aborted.event?.participant?.identity).toBe("carol");
      }
    } finally {
      socket.close();
    }
  });

  it("room_finished from DeleteRoom", async () => {
    await roomService(stack, "DeleteRoom", { room });
    for (const path of ["/node", "/web"] as const) {
      const finished = await endpoint.waitFor(on(path, "room_finished"), WAIT_MS, `room_finished on ${path}`);
      expect(finished.event?.room?.name).toBe(room);
    }
  });

  it("rejects the server's genuine bytes once damaged, replayed to another key, or re-serialized", async () => {
    const raw = await endpoint.waitFor(on("/raw", "room_finished"), WAIT_MS, "room_finished on /raw");
    const authorization = raw.headers.authorization;
    const body = raw.body!;
    expect((await receiver.receive(body, authorization)).event).toBe("room_finished");

    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => "accepted",
        (e: { code?: string }) => e.code,
      );
    const damaged = body.slice();
    const at = damaged.length - 2;
    damaged[at] = damaged[at]! ^ 1;
    expect(await codeOf(receiver.receive(damaged, authorization))).toBe("body_hash_mismatch");
    const reserialized = JSON.stringify(JSON.parse(new TextDecoder().decode(body)), null, 1);
    expect(await codeOf(receiver.receive(reserialized, authorization))).toBe("body_hash_mismatch");
    const otherKey = new WebhookReceiver({ apiKey: "APIotherKey", apiSecret: stack.apiSecret });
    expect(await codeOf(otherKey.receive(body, authorization))).toBe("unknown_key");
    const otherSecret = new WebhookReceiver({
      apiKey: stack.apiKey,
      apiSecret: "not-the-secret-0123456789-012345",
    });
    expect(await codeOf(otherSecret.receive(body, authorization))).toBe("bad_signature");
    expect(endpoint.received.filter((r) => r.error !== undefined)).toEqual([]);
  });

  it("every event the server sent reads with the generated JSON reader exactly as fromJson does", () => {
    const bodies = endpoint.received.filter((r) => r.path === "/raw").map((r) => r.body!);
    const events = new Set<string>();
    for (const body of bodies) {
      const json = JSON.parse(new TextDecoder().decode(body));
      const event: WebhookEvent = readWebhookEventJson(json);
      expect(event).toStrictEqual(fromJson(WebhookEventSchema, json, { ignoreUnknownFields: true }));
      events.add(json.event);
    }
    expect([...events].sort()).toEqual(
      expect.arrayContaining([
        "participant_connection_aborted",
        "participant_joined",
        "participant_left",
        "room_finished",
        "room_started",
        "track_published",
        "track_unpublished",
      ]),
    );
  });
});

describe("real deliveries through the shared webhook sink", () => {
  it("room_started and room_finished verify with the exact bytes captured", async () => {
    const livekit = inject("livekit");
    const receiver = new WebhookReceiver({ apiKey: livekit.apiKey, apiSecret: livekit.apiSecret });
    const sink = webhookSink(livekit.sinkUrl);
    const room = `sink-${Date.now().toString(36)}`;

    await roomService(livekit, "CreateRoom", { name: room });
    const started = await sink.waitFor({ event: "room_started", room }, WAIT_MS);
    const startedEvent = await receiver.receive(started.body, started.headers["authorization"]);
    expect(startedEvent.room?.name).toBe(room);

    await roomService(livekit, "DeleteRoom", { room });
    const finished = await sink.waitFor({ event: "room_finished", room }, WAIT_MS);
    const finishedEvent = await receiver.receive(finished.body, finished.headers["authorization"]);
    expect(finishedEvent.event).toBe("room_finished");
    expect(finishedEvent.room?.sid).toBe(startedEvent.room?.sid);
  });
});
