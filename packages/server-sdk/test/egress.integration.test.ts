// EgressService against a real livekit-server with no egress worker: listing works from the store;
// starting fails, and the per-call deadline bounds how long that takes.
import "@exlivekit/livekit-stack/vitest";
import { EncodedFileType, StreamProtocol } from "@exlivekit/protocol/egress";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Interceptor } from "../src/index.ts";
import { Client, EgressService, LiveKitError, RoomService, TwirpError } from "../src/index.ts";
import { testTransport } from "./test-transport.ts";

const lk = inject("livekit");
const noRedis = inject("livekitNoRedis");
const roomName = `egress-${Date.now().toString(36)}`;
const stream = { stream: { protocol: StreamProtocol.RTMP, urls: ["rtmp://127.0.0.1:9/live/key"] } };
const file = { file: { fileType: EncodedFileType.MP4, filepath: "out.mp4" } };

// The server waits for a worker until its own deadline (X-Twirp-Timeout-Ms), then answers. Giving it a
// shorter deadline than the client's lets the test see that answer in ~1.5 s instead of ~25 s.
const serverDeadline =
  (ms: number): Interceptor =>
  (next) =>
  (req) =>
    next({ ...req, headers: { ...req.headers, "x-twirp-timeout-ms": String(ms) } });

const options = {
  host: lk.url,
  apiKey: lk.apiKey,
  apiSecret: lk.apiSecret,
  transport: testTransport(),
  retry: false as const,
};
const client = new Client(options);
const shortServerWait = new Client({ ...options, interceptors: [serverDeadline(1_500)] });

beforeAll(async () => {
  await RoomService.createRoom(client, roomName, { emptyTimeout: 60 });
});

afterAll(async () => {
  await RoomService.deleteRoom(client, roomName).catch(() => undefined);
  await Promise.all([client.close(), shortServerWait.close()]);
});

describe("EgressService on a real server with Redis", () => {
  it("listEgress answers from the store (empty: nothing was ever started)", async () => {
    expect(await EgressService.listEgress(client)).toEqual([]);
    expect(await EgressService.listEgress(client, { roomName, active: true })).toEqual([]);
    const all: unknown[] = [];
    for await (const info of EgressService.iterateEgress(client, { roomName })) all.push(info);
    expect(all).toEqual([]);
  });

  it("a start on a missing room is a quick not_found", async () => {
    const started = Date.now();
    const err = await EgressService.startRoomCompositeEgress(client, `${roomName}-missing`, stream).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TwirpError);
    expect(err).toMatchObject({ code: "not_found", status: 404 });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("with no egress worker every start fails with the server's answer once its deadline passes", async () => {
    const starts = [
      () =>
        EgressService.startRoomCompositeEgress(shortServerWait, roomName, [stream, file], { layout: "grid" }),
      () => EgressService.startParticipantEgress(shortServerWait, roomName, "nobody", file),
      () =>
        EgressService.startTrackCompositeEgress(shortServerWait, roomName, file, { audioTrackId: "TR_a" }),
      () => EgressService.startTrackEgress(shortServerWait, roomName, "TR_a", "ws://127.0.0.1:9/sink"),
      () => EgressService.startWebEgress(shortServerWait, "http://127.0.0.1:9/page", stream),
      () => EgressService.startEgress(shortServerWait, roomName, { template: { layout: "grid" } }, stream),
    ];
    const results = await Promise.all(
      starts.map(async (start) => {
        const began = Date.now();
        const err = await start().catch((e: unknown) => e);
        return { err, ms: Date.now() - began };
      }),
    );
    for (const { err, ms } of results) {
      expect(err).toBeInstanceOf(TwirpError);
      expect(err).toMatchObject({ code: "canceled", status: 408 });
      expect(ms).toBeLessThan(5_000);
    }
  });

  it("timeoutMs alone bounds the wait", async () => {
    const started = Date.now();
    const err = await EgressService.startRoomCompositeEgress(
      client,
      roomName,
      stream,
      {},
      { timeoutMs: 1_000 },
    ).catch((e: unknown) => e);
    // The server gets the same deadline: whichever side gives up first, the call ends at ~1 s, typed.
    expect(err).toBeInstanceOf(LiveKitError);
    expect(["timeout", "canceled"]).toContain((err as LiveKitError).code);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("update and stop on an unknown egress are not_found", async () => {
    for (const call of [
      () => EgressService.updateLayout(client, "EG_unknown", "speaker"),
      () => EgressService.updateStream(client, "EG_unknown", { addOutputUrls: ["rtmp://127.0.0.1:9/x"] }),
      () => EgressService.stopEgress(client, "EG_unknown"),
    ]) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TwirpError);
      expect((err as TwirpError).code).toBe("not_found");
    }
  });
});

describe("EgressService on a real server without Redis", () => {
  it("listEgress is a typed internal error saying Redis is required", async () => {
    const bare = new Client({
      ...options,
      host: noRedis.url,
      apiKey: noRedis.apiKey,
      apiSecret: noRedis.apiSecret,
    });
    const err = await EgressService.listEgress(bare).catch((e: unknown) => e);
    await bare.close();
    expect(err).toBeInstanceOf(TwirpError);
    expect(err).toMatchObject({ code: "internal", status: 500 });
    expect((err as TwirpError).msg).toMatch(/egress not connected \(redis required\)/);
  });
});
