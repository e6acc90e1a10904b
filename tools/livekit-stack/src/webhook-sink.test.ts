import { afterEach, describe, expect, it } from "vitest";
import { webhookSink } from "./webhook-sink.js";
import { startWebhookSinkServer } from "./webhook-sink-server.js";

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function sink() {
  const server = await startWebhookSinkServer();
  stops.push(server.stop);
  return server;
}

const post = (url: string, body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}) =>
  fetch(url, { method: "POST", body, headers });

describe("webhook sink", () => {
  it("keeps the exact body bytes and the headers", async () => {
    const server = await sink();
    // Odd spacing and key order must survive: verifiers check signatures over the raw bytes.
    const raw = '{"event":"room_started",  "room":{"name":"a"},"id":"EV_1"}';
    const response = await post(server.hookUrl, raw, {
      authorization: "tok",
      "content-type": "application/webhook+json",
    });
    expect(response.status).toBe(200);
    const delivery = await webhookSink(server.url).waitFor({ event: "room_started", room: "a" }, 1000);
    expect(new TextDecoder().decode(delivery.body)).toBe(raw);
    expect(delivery.headers["authorization"]).toBe("tok");
    expect(delivery.headers["content-type"]).toBe("application/webhook+json");
    expect(delivery.json).toEqual({ event: "room_started", room: { name: "a" }, id: "EV_1" });
    expect(delivery.path).toBe("/hook");
  });

  it("long-polls until a matching delivery arrives", async () => {
    const server = await sink();
    const client = webhookSink(server.url);
    const waiting = client.waitFor({ event: "room_finished", room: "b" }, 5000);
    await post(server.hookUrl, JSON.stringify({ event: "room_finished", room: { name: "other" } }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await post(server.hookUrl, JSON.stringify({ event: "room_finished", room: { name: "b" }, id: "EV_b" }));
    const delivery = await waiting;
    expect(delivery.json).toMatchObject({ id: "EV_b" });
  });

  it("rejects after the timeout when nothing matches", async () => {
    const server = await sink();
    await expect(webhookSink(server.url).waitFor({ event: "nope" }, 200)).rejects.toThrow(/no webhook/);
  });

  it("lists and clears deliveries, including non-JSON bodies", async () => {
    const server = await sink();
    const client = webhookSink(server.url);
    await post(server.hookUrl, new Uint8Array([0, 255, 1]));
    await post(server.hookUrl, JSON.stringify({ event: "x" }));
    const all = await client.all();
    expect(all.map((d) => d.seq)).toEqual([1, 2]);
    expect([...(all[0]?.body ?? [])]).toEqual([0, 255, 1]);
    expect(all[0]?.json).toBeUndefined();
    expect(await client.all({ event: "x" })).toHaveLength(1);
    await client.clear();
    expect(await client.all()).toEqual([]);
  });
});
