import { createServer, type Server } from "node:net";
import { describe, expect, inject, it } from "vitest";
import "./vitest.js";
import { isAlive, twirp, uniqueRoom } from "../test/raw-twirp.ts";
import { isTcpPortInUse, isUdpPortInUse } from "./free-port.js";
import { joinParticipant, type Stack, startMock, startStack, webhookSink } from "./index.js";

async function expectNothingLeft(stack: Stack) {
  for (const pid of stack.pids) expect(isAlive(pid), `pid ${pid} still alive`).toBe(false);
  for (const port of stack.ports)
    expect(await isTcpPortInUse(port), `TCP port ${port} still taken`).toBe(false);
  expect(await isUdpPortInUse(stack.udpPort), `UDP port ${stack.udpPort} still taken`).toBe(false);
}

describe.each([
  ["livekit", true],
  ["livekitNoRedis", false],
] as const)("provided server %s", (name, redis) => {
  it("creates a room over raw Twirp and delivers room_started to the sink", async () => {
    const server = inject(name);
    expect(server.redis).toBe(redis);
    expect(server.apiSecret.length).toBeGreaterThanOrEqual(32);
    const room = uniqueRoom("created");
    const created = await twirp(server, "CreateRoom", { name: room }, { roomCreate: true });
    expect(created.status).toBe(200);
    expect(created.json["name"]).toBe(room);
    const delivery = await webhookSink(server.sinkUrl).waitFor({ event: "room_started", room }, 10_000);
    expect(delivery.headers["content-type"]).toBe("application/webhook+json");
    expect(delivery.headers["authorization"]).toMatch(/^eyJ/);
    expect(delivery.json).toMatchObject({ event: "room_started", room: { name: room } });
  });

  it("shows a joined participant in ListParticipants until it is removed or leaves", async () => {
    const server = inject(name);
    const room = uniqueRoom("joined");
    const admin = { roomAdmin: true, room };
    const list = async () =>
      ((await twirp(server, "ListParticipants", { room }, admin)).json["participants"] as Array<{
        identity: string;
        name: string;
        metadata: string;
      }>) ?? [];
    const alice = await joinParticipant(server, room, "alice", { name: "Alice", metadata: "m-1" });
    const bob = await joinParticipant(server, room, "bob");
    try {
      expect((await list()).map((p) => p.identity).sort()).toEqual(["alice", "bob"]);
      expect((await list()).find((p) => p.identity === "alice")).toMatchObject({
        name: "Alice",
        metadata: "m-1",
      });
      await webhookSink(server.sinkUrl).waitFor({ event: "participant_joined", room }, 10_000);

      const removed = await twirp(server, "RemoveParticipant", { room, identity: "alice" }, admin);
      expect(removed.status).toBe(200);
      expect((await list()).map((p) => p.identity)).toEqual(["bob"]);

      await bob.leave();
      await expect.poll(async () => (await list()).length, { timeout: 10_000 }).toBe(0);
    } finally {
      await alice.leave();
      await bob.leave();
    }
  });
});

describe("test participant", () => {
  it("answers PerformRpc through a registered method and receives SendData", async () => {
    const server = inject("livekitNoRedis");
    const room = uniqueRoom("rpc");
    const admin = { roomAdmin: true, room };
    const carol = await joinParticipant(server, room, "carol");
    try {
      carol.registerRpcMethod("greet", async ({ payload }) => `hello ${payload}`);
      const rpc = await twirp(
        server,
        "PerformRpc",
        { room, destination_identity: "carol", method: "greet", payload: "dan" },
        admin,
      );
      expect(rpc).toEqual({ status: 200, json: { payload: "hello dan" } });

      const sent = await twirp(
        server,
        "SendData",
        { room, data: Buffer.from("ping").toString("base64"), kind: "RELIABLE", topic: "t1" },
        admin,
      );
      expect(sent.status).toBe(200);
      const data = await carol.waitForData((d) => d.topic === "t1", 10_000);
      expect(new TextDecoder().decode(data.payload)).toBe("ping");
    } finally {
      await carol.leave();
    }
  });
});

describe("test participant tracks", () => {
  it("publishes an audio track the server can mute and others can unsubscribe from", async () => {
    const server = inject("livekit");
    const room = uniqueRoom("tracks");
    const admin = { roomAdmin: true, room };
    const frank = await joinParticipant(server, room, "frank");
    const gina = await joinParticipant(server, room, "gina");
    try {
      const track = await frank.publishAudioTrack("mic");
      expect(track.sid).toMatch(/^TR_/);
      const published = await webhookSink(server.sinkUrl).waitFor({ event: "track_published", room }, 10_000);
      expect(published.json).toMatchObject({ track: { sid: track.sid, name: "mic" } });
      const muted = await twirp(
        server,
        "MutePublishedTrack",
        { room, identity: "frank", track_sid: track.sid, muted: true },
        admin,
      );
      expect(muted.status).toBe(200);
      expect(muted.json["track"]).toMatchObject({ sid: track.sid, muted: true });
      const unsubscribed = await twirp(
        server,
        "UpdateSubscriptions",
        { room, identity: "gina", track_sids: [track.sid], subscribe: false },
        admin,
      );
      expect(unsubscribed.status).toBe(200);
      await frank.unpublishTrack(track.sid);
      await webhookSink(server.sinkUrl).waitFor({ event: "track_unpublished", room }, 10_000);
    } finally {
      await frank.leave();
      await gina.leave();
    }
  });
});

describe("provided mock", () => {
  it("serves the mocked API with its own secret", async () => {
    const mock = inject("livekitMock");
    expect(mock.regionUrls[0]).toBe(mock.url);
    const created = await twirp(mock, "CreateRoom", { name: "m" }, { roomCreate: true });
    expect(created.status).toBe(200);
    expect(created.json["name"]).toBe("m");
    const wrongSecret = await twirp({ ...mock, apiSecret: "x".repeat(40) }, "CreateRoom", { name: "m" }, {});
    expect(wrongSecret.status).toBeGreaterThanOrEqual(400);
  });
});

describe("startStack", () => {
  it.each([true, false])("starts and stops completely (redis: %s)", async (redis) => {
    const stack = await startStack({ redis });
    expect(stack.redis).toBe(redis);
    expect(stack.pids).toHaveLength(redis ? 2 : 1);
    expect((await fetch(`${stack.url}/`)).status).toBe(200);
    await stack.stop();
    await expectNothingLeft(stack);
  });

  it("stops a server that still has a participant connected", async () => {
    const stack = await startStack({ redis: false });
    const room = uniqueRoom("held");
    const erin = await joinParticipant(stack, room, "erin");
    const started = Date.now();
    await stack.stop();
    expect(Date.now() - started).toBeLessThan(15_000);
    await expectNothingLeft(stack);
    await erin.leave().catch(() => undefined);
  });

  it("posts webhooks to extra URLs too", async () => {
    const extra = await startStack({ redis: false });
    const stack = await startStack({ redis: false, webhookUrls: [`${extra.sinkUrl}/extra`] });
    try {
      const room = uniqueRoom("extra");
      await twirp(stack, "CreateRoom", { name: room }, { roomCreate: true });
      const delivery = await webhookSink(extra.sinkUrl).waitFor({ event: "room_started", room }, 10_000);
      expect(delivery.path).toBe("/extra");
    } finally {
      await stack.stop();
      await extra.stop();
    }
  });

  it("fails clearly, with the server's output, when its port is taken", async () => {
    const blocker: Server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const address = blocker.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    try {
      const attempt = startStack({ redis: false, port, readyTimeoutMs: 15_000 });
      await expect(attempt).rejects.toThrow(/livekit-server \(port \d+\) exited .* before answering/);
      await expect(attempt).rejects.toThrow(/address already in use/);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

describe("startMock", () => {
  it("starts and stops completely", async () => {
    const mock = await startMock({ regions: 3 });
    expect(mock.regionUrls).toHaveLength(3);
    for (const url of mock.regionUrls) expect((await fetch(`${url}/`)).status).toBe(200);
    await mock.stop();
    for (const pid of mock.pids) expect(isAlive(pid)).toBe(false);
    for (const port of mock.ports) expect(await isTcpPortInUse(port)).toBe(false);
  });
});
