import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Stack, startStack, webhookSink } from "@exlivekit/livekit-stack";
import { Client, RoomService } from "@exlivekit/server-sdk";
import { undiciTransport } from "@exlivekit/transport-undici";
import type { WebhookEvent } from "@exlivekit/webhook";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.mjs";

// The app must listen before the server starts (its URL goes into webhook.urls), but the server's
// credentials are only known after: the app is built on first request from whatever `creds` hold then.
const creds = { apiKey: "", apiSecret: "" };
const events: WebhookEvent[] = [];
let server: Server;
let appUrl: string;
let stack: Stack;
let client: Client;

beforeAll(async () => {
  let app: ReturnType<typeof createApp> | undefined;
  const { default: express } = await import("express");
  const outer = express();
  outer.use((req, res, next) => {
    app ??= createApp({ ...creds, onEvent: (event) => void events.push(event) });
    app(req, res, next);
  });
  server = outer.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stack = await startStack({ redis: false, webhookUrls: [`${appUrl}/livekit/webhook`] });
  creds.apiKey = stack.apiKey;
  creds.apiSecret = stack.apiSecret;
  client = new Client({
    host: stack.url,
    apiKey: stack.apiKey,
    apiSecret: stack.apiSecret,
    transport: undiciTransport(),
  });
});

afterAll(async () => {
  await client?.close();
  await stack?.stop();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

async function waitForEvent(event: string, room: string, timeoutMs = 15_000): Promise<WebhookEvent> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = events.find((e) => e.event === event && e.room?.name === room);
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(
    `no ${event} for ${room} within ${timeoutMs} ms; got ${events.map((e) => e.event).join(", ")}`,
  );
}

describe("Express app fed by a real livekit-server", () => {
  it("receives and verifies room_started and room_finished that the server posts", async () => {
    const room = `express-${Date.now().toString(36)}`;
    await RoomService.createRoom(client, room, { metadata: "from express test" });
    const started = await waitForEvent("room_started", room);
    expect(started.room?.metadata).toBe("from express test");
    await RoomService.deleteRoom(client, room);
    const finished = await waitForEvent("room_finished", room);
    expect(finished.id).not.toBe(started.id);
  });

  it("answers 401 body_hash_mismatch to a real delivery whose body was edited", async () => {
    const room = `express-tamper-${Date.now().toString(36)}`;
    await RoomService.createRoom(client, room);
    const delivery = await webhookSink(stack.sinkUrl).waitFor({ event: "room_started", room }, 15_000);
    const edited = new TextDecoder().decode(delivery.body).replace(room, `${room}-x`);
    const res = await fetch(`${appUrl}/livekit/webhook`, {
      method: "POST",
      headers: {
        "content-type": "application/webhook+json",
        authorization: delivery.headers["authorization"] ?? "",
      },
      body: edited,
    });
    expect(res.status).toBe(401);
    expect(await res.text()).toBe("body_hash_mismatch");
    // The untouched bytes are accepted.
    const ok = await fetch(`${appUrl}/livekit/webhook`, {
      method: "POST",
      headers: {
        "content-type": "application/webhook+json",
        authorization: delivery.headers["authorization"] ?? "",
      },
      body: new Uint8Array(delivery.body),
    });
    expect(ok.status).toBe(200);
    await RoomService.deleteRoom(client, room);
  });

  it("answers 401 missing_authorization without the header", async () => {
    const res = await fetch(`${appUrl}/livekit/webhook`, {
      method: "POST",
      headers: { "content-type": "application/webhook+json" },
      body: "{}",
    });
    expect(res.status).toBe(401);
    expect(await res.text()).toBe("missing_authorization");
  });

  it("mints a join token that the real server accepts", async () => {
    const room = `express-token-${Date.now().toString(36)}`;
    const res = await fetch(`${appUrl}/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ identity: "browser-user", room }),
    });
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: string };
    const validate = await fetch(`${stack.url}/rtc/validate?access_token=${encodeURIComponent(token)}`);
    expect(validate.status).toBe(200);
    const bad = await fetch(`${appUrl}/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ identity: "" }),
    });
    expect(bad.status).toBe(400);
  });
});
