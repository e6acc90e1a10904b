import "@exlivekit/livekit-stack/vitest";
import { fileURLToPath } from "node:url";
import { type Delivery, webhookSink } from "@exlivekit/livekit-stack";
import { Miniflare } from "@exlivekit/runtimes";
import { Client, RoomService } from "@exlivekit/server-sdk";
import { undiciTransport } from "@exlivekit/transport-undici";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const server = inject("livekit");
let mf: Miniflare;
let client: Client;

beforeAll(async () => {
  // Bundle as wrangler does: ESM, the workerd/worker/browser export conditions, no Node built-ins.
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL("../src/worker.ts", import.meta.url))],
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    write: false,
    // The workspace packages resolve outside node_modules, where esbuild reports each chunk import it drops
    // from a `sideEffects: false` package; from an installed package (node_modules) it stays silent.
    logOverride: { "ignored-bare-import": "silent" },
  });
  const script = bundle.outputFiles[0]?.text ?? "";
  mf = new Miniflare({
    modules: true,
    script,
    compatibilityDate: "2025-01-01",
    bindings: { LIVEKIT_API_KEY: server.apiKey, LIVEKIT_API_SECRET: server.apiSecret },
  });
  await mf.ready;
  client = new Client({
    host: server.url,
    apiKey: server.apiKey,
    apiSecret: server.apiSecret,
    transport: undiciTransport(),
  });
}, 60_000);

afterAll(async () => {
  await client?.close();
  await mf?.dispose();
});

/** Posts a delivery to the Worker as the server did: same body bytes and headers (the length is recomputed). */
function postDelivery(delivery: Delivery, body: Uint8Array | string = new Uint8Array(delivery.body)) {
  const { "content-length": _length, host: _host, ...headers } = delivery.headers;
  return mf.dispatchFetch("http://worker.example/livekit/webhook", { method: "POST", headers, body });
}

describe("Cloudflare Worker in workerd", () => {
  it("verifies the room_started and room_finished webhooks a real server sent", async () => {
    const room = `worker-${Date.now().toString(36)}`;
    await RoomService.createRoom(client, room);
    const started = await postDelivery(
      await webhookSink(server.sinkUrl).waitFor({ event: "room_started", room }, 15_000),
    );
    expect(started.status).toBe(200);
    expect(await started.json()).toEqual({ received: "room_started", room });

    await RoomService.deleteRoom(client, room);
    const finished = await postDelivery(
      await webhookSink(server.sinkUrl).waitFor({ event: "room_finished", room }, 15_000),
    );
    expect(finished.status).toBe(200);
    expect(await finished.json()).toEqual({ received: "room_finished", room });
  });

  it("refuses a real delivery whose body was edited", async () => {
    const room = `worker-bad-${Date.now().toString(36)}`;
    await RoomService.createRoom(client, room);
    const delivery = await webhookSink(server.sinkUrl).waitFor({ event: "room_started", room }, 15_000);
    const edited = new TextDecoder().decode(delivery.body).replace(room, `${room}-x`);
    const res = await postDelivery(delivery, edited);
    expect(res.status).toBe(401);
    expect(await res.text()).toBe("body_hash_mismatch");
    await RoomService.deleteRoom(client, room);
  });

  it("mints a join token inside workerd that the real server accepts", async () => {
    const res = await mf.dispatchFetch("http://worker.example/token", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ identity: "worker-user", room: "worker-room" }),
    });
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: string };
    const validate = await fetch(`${server.url}/rtc/validate?access_token=${encodeURIComponent(token)}`);
    expect(validate.status).toBe(200);
  });

  it("answers 404 elsewhere", async () => {
    const res = await mf.dispatchFetch("http://worker.example/");
    expect(res.status).toBe(404);
    await res.text();
  });
});
