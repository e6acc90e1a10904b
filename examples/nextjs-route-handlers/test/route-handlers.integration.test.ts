import "@exlivekit/livekit-stack/vitest";
import { type Delivery, webhookSink } from "@exlivekit/livekit-stack";
import { Client, RoomService } from "@exlivekit/server-sdk";
import { undiciTransport } from "@exlivekit/transport-undici";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const server = inject("livekit");
let tokenRoute: typeof import("../app/api/livekit/token/route.ts");
let webhookRoute: typeof import("../app/api/livekit/webhook/route.ts");
let client: Client;

beforeAll(async () => {
  // What Next.js loads from .env.local before the route modules are imported.
  process.env["LIVEKIT_API_KEY"] = server.apiKey;
  process.env["LIVEKIT_API_SECRET"] = server.apiSecret;
  tokenRoute = await import("../app/api/livekit/token/route.ts");
  webhookRoute = await import("../app/api/livekit/webhook/route.ts");
  client = new Client({
    host: server.url,
    apiKey: server.apiKey,
    apiSecret: server.apiSecret,
    transport: undiciTransport(),
  });
});

afterAll(async () => {
  await client?.close();
});

/** The Request Next.js hands the route for a delivery: the exact bytes and headers the server sent. */
function requestOf(delivery: Delivery, body: BodyInit = new Uint8Array(delivery.body)): Request {
  return new Request("http://localhost:3000/api/livekit/webhook", {
    method: "POST",
    headers: delivery.headers,
    body,
  });
}

async function realDelivery(event: "room_started" | "room_finished", room: string): Promise<Delivery> {
  return webhookSink(server.sinkUrl).waitFor({ event, room }, 15_000);
}

describe("webhook route handler, fed real deliveries", () => {
  it("verifies room_started and room_finished exactly as the server posted them", async () => {
    const room = `next-${Date.now().toString(36)}`;
    await RoomService.createRoom(client, room);
    const started = await webhookRoute.POST(requestOf(await realDelivery("room_started", room)));
    expect(started.status).toBe(200);
    expect(await started.json()).toMatchObject({ received: "room_started" });

    await RoomService.deleteRoom(client, room);
    const finished = await webhookRoute.POST(requestOf(await realDelivery("room_finished", room)));
    expect(finished.status).toBe(200);
    expect(await finished.json()).toMatchObject({ received: "room_finished" });
  });

  it("rejects an edited body, a missing signature and a re-serialized body", async () => {
    const room = `next-bad-${Date.now().toString(36)}`;
    await RoomService.createRoom(client, room);
    const delivery = await realDelivery("room_started", room);
    const text = new TextDecoder().decode(delivery.body);

    const edited = await webhookRoute.POST(requestOf(delivery, text.replace(room, `${room}-x`)));
    expect(edited.status).toBe(401);
    expect(await edited.text()).toBe("body_hash_mismatch");

    const reserialized = await webhookRoute.POST(
      requestOf(delivery, JSON.stringify(JSON.parse(text), null, 2)),
    );
    expect(reserialized.status).toBe(401);
    expect(await reserialized.text()).toBe("body_hash_mismatch");

    const { authorization: _dropped, ...unsigned } = delivery.headers;
    const missing = await webhookRoute.POST(
      new Request("http://localhost:3000/api/livekit/webhook", {
        method: "POST",
        headers: unsigned,
        body: text,
      }),
    );
    expect(missing.status).toBe(401);
    expect(await missing.text()).toBe("missing_authorization");
    await RoomService.deleteRoom(client, room);
  });
});

describe("token route handler", () => {
  it("mints a join token the real server accepts", async () => {
    const res = await tokenRoute.POST(
      new Request("http://localhost:3000/api/livekit/token", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ identity: "next-user", room: "next-room" }),
      }),
    );
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: string };
    const validate = await fetch(`${server.url}/rtc/validate?access_token=${encodeURIComponent(token)}`);
    expect(validate.status).toBe(200);
  });

  it("answers 400 to a body without identity", async () => {
    const res = await tokenRoute.POST(
      new Request("http://localhost:3000/api/livekit/token", { method: "POST", body: "{}" }),
    );
    expect(res.status).toBe(400);
  });
});
