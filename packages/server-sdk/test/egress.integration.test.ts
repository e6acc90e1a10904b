// EgressService against a real livekit-server with no egress worker: listing works from the store;
// starting fails, and the per-call deadline bounds how long that takes.
import "@exlivekit/livekit-stack/vitest";
import { EncodedFileType, StreamProtocol } from "@exlivekit/protocol/egress";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Client, EgressService, LiveKitError, RoomService, TwirpError } from "../src/index.ts";
import { testTransport } from "./test-transport.ts";

const lk = inject("livekit");
const noRedis = inject("livekitNoRedis");
const roomName = `egress-${Date.now().toString(36)}`;
const stream = { stream: { protocol: StreamProtocol.RTMP, urls: ["rtmp://127.0.0.1:9/live/key"] } };
const file = { file: { fileType: EncodedFileType.MP4, filepath: "out.mp4" } };

// The server waits for a worker until its own deadline (X-Twirp-Timeout-Ms), then answers. The client
// sends a deadline a little under its own, so a short per-call timeout yields the server's real answer
// in ~1.5 s instead of ~25 s, not a client-side timeout.
const quick = { timeoutMs: 1_700 } as const;

const options = {
  host: lk.url,
  apiKey: lk.apiKey,
  apiSecret: lk.apiSecret,
  transport: testTransport(),
  retry: false as const,
};
const client = new Client(options);

beforeAll(async () => {
  await RoomService.createRoom(client, roomName, { emptyTimeout: 60 });
});

afterAll(async () => {
  await RoomService.deleteRoom(client, roomName).catch(() => undefined);
  await client.close();
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
        EgressService.startRoomCompositeEgress(client, roomName, [stream, file], { layout: "grid" }, quick),
      () => EgressService.startParticipantEgress(client, roomName, "nobody", file, {}, quick),
      () => EgressService.startTrackCompositeEgress(client, roomName, file, { audioTrackId: "TR_a" }, quick),
      () => EgressService.startTrackEgress(client, roomName, "TR_a", "ws://127.0.0.1:9/sink", {}, quick),
      () => EgressService.startWebEgress(client, "http://127.0.0.1:9/page", stream, {}, quick),
      () => EgressService.startEgress(client, roomName, { template: { layout: "grid" } }, stream, {}, quick),
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
