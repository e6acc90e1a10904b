// The real-server half of the transport conformance suite. Each transport's
// `test/conformance.integration.test.ts` runs it against the harness's livekit-server and test-server mock:
//   serverConformance({ name: "undici", make: (o) => undiciTransport(o), ownsConnections: true });
import "@exlivekit/livekit-stack/vitest";
import { joinParticipant } from "@exlivekit/livekit-stack";
import { RoomServiceDescriptor as RoomServiceDesc } from "@exlivekit/protocol/room";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Transport, WireFormat } from "../src/index.ts";
import { Client, callRpc, RoomService, TwirpError } from "../src/index.ts";
import { jsonFormat } from "../src/json-format.ts";
import { defineRpc } from "../src/reflect-entry.ts";
import type { ConformanceTarget } from "./conformance.ts";

let seq = 0;
function roomName(tag: string): string {
  seq += 1;
  return `conf-${tag}-${Date.now().toString(36)}-${seq}`;
}

async function rejection(p: Promise<unknown>): Promise<TwirpError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TwirpError);
  return error as TwirpError;
}

/** Every RoomService RPC against the real server and the test-server mock, in both wire formats. */
export function serverConformance(target: ConformanceTarget): void {
  for (const format of ["protobuf", jsonFormat] as WireFormat[]) {
    const formatName = typeof format === "string" ? format : format.name;
    describe(`${target.name} transport against livekit-server (${formatName})`, () => {
      const lk = inject("livekit");
      let transport: Transport;
      let client: Client;
      beforeAll(() => {
        transport = target.make();
        client = new Client({ host: lk.url, apiKey: lk.apiKey, apiSecret: lk.apiSecret, transport, format });
      });
      afterAll(() => client.close());

      it("createRoom with options, listRooms, updateRoomMetadata, deleteRoom", async () => {
        const name = roomName(`life-${formatName}`);
        const room = await RoomService.createRoom(client, name, {
          emptyTimeout: 300,
          departureTimeout: 20,
          maxParticipants: 7,
          metadata: "m1",
          minPlayoutDelay: 100,
          maxPlayoutDelay: 500,
          syncStreams: true,
        });
        expect(room).toMatchObject({
          name,
          emptyTimeout: 300,
          departureTimeout: 20,
          maxParticipants: 7,
          metadata: "m1",
        });
        expect(room.sid).toMatch(/^RM_/);
        expect(typeof room.creationTime).toBe("bigint");
        expect(room.creationTime).toBeGreaterThan(0n);

        const listed = await RoomService.listRooms(client, { names: [name] });
        expect(listed.map((r) => r.name)).toEqual([name]);
        expect((await RoomService.listRooms(client)).some((r) => r.name === name)).toBe(true);

        const updated = await RoomService.updateRoomMetadata(client, name, "m2");
        expect(updated.metadata).toBe("m2");

        await expect(RoomService.deleteRoom(client, name)).resolves.toBeUndefined();
        expect(await RoomService.listRooms(client, { names: [name] })).toEqual([]);
      });

      it("participant RPCs with a real participant", async () => {
        const name = roomName(`part-${formatName}`);
        await RoomService.createRoom(client, name, { emptyTimeout: 60 });
        const alice = await joinParticipant(lk, name, "alice", { name: "Alice", metadata: "a0" });
        try {
          const everyone = await RoomService.listParticipants(client, name);
          expect(everyone.map((p) => p.identity)).toContain("alice");

          const got = await RoomService.getParticipant(client, name, "alice");
          expect(got).toMatchObject({ identity: "alice", name: "Alice", metadata: "a0" });
          expect(got.sid).toMatch(/^PA_/);

          const changed = await RoomService.updateParticipant(client, name, "alice", {
            metadata: "a1",
            name: "Alice B",
            attributes: { role: "host" },
            permission: { canSubscribe: true, canPublish: false, canPublishData: true },
          });
          expect(changed).toMatchObject({
            identity: "alice",
            metadata: "a1",
            name: "Alice B",
            attributes: { role: "host" },
          });
          expect(changed.permission).toMatchObject({
            canSubscribe: true,
            canPublish: false,
            canPublishData: true,
          });

          await expect(
            RoomService.updateSubscriptions(client, name, "alice", [], true),
          ).resolves.toBeUndefined();
          await expect(
            RoomService.sendData(client, name, "hello", {
              topic: "chat",
              destinationIdentities: ["alice"],
              kind: "reliable",
            }),
          ).resolves.toBeUndefined();
          await expect(
            RoomService.sendData(client, name, new Uint8Array([1, 2, 3]), { kind: "lossy" }),
          ).resolves.toBeUndefined();

          // The participant publishes nothing: muting an unknown track succeeds with no track, and remote
          // unmute is refused by the server's default configuration.
          await expect(
            RoomService.mutePublishedTrack(client, name, "alice", "TR_missing", true),
          ).resolves.toBeUndefined();
          const unmute = await rejection(
            RoomService.mutePublishedTrack(client, name, "alice", "TR_missing", false),
          );
          expect(unmute).toMatchObject({ code: "failed_precondition", status: 412 });

          // Forward/Move are cloud-only: the open-source server accepts the grants, then says it cannot.
          const dest = roomName(`dest-${formatName}`);
          for (const call of [RoomService.forwardParticipant, RoomService.moveParticipant]) {
            const e = await rejection(call(client, name, "alice", dest, { timeoutMs: 10_000 }));
            expect(e).toMatchObject({ code: "unknown", status: 500 });
            expect(e.msg).toContain("not implemented");
          }
          const same = await rejection(RoomService.moveParticipant(client, name, "alice", name));
          expect(same).toMatchObject({ code: "invalid_argument", status: 400 });

          // The participant registered no RPC method: the server reports a typed error (which one depends on
          // the participant's client: "method not supported" or a response timeout).
          const rpcError = await rejection(
            RoomService.performRpc(
              client,
              name,
              "alice",
              "greet",
              "{}",
              { responseTimeoutMs: 1_000 },
              { timeoutMs: 20_000 },
            ),
          );
          expect(rpcError.code).not.toBe("unauthenticated");
          expect(rpcError.status).toBeGreaterThanOrEqual(400);

          await expect(RoomService.removeParticipant(client, name, "alice")).resolves.toBeUndefined();
          const gone = await rejection(RoomService.getParticipant(client, name, "alice"));
          expect(gone).toMatchObject({ code: "not_found", status: 404 });
        } finally {
          await alice.leave();
          await RoomService.deleteRoom(client, name);
        }
      });

      it("a token without the needed grant is a 401 unauthenticated", async () => {
        const listRooms = defineRpc(RoomServiceDesc.method.listRooms);
        const e = await rejection(callRpc(client, listRooms, {}, { roomCreate: true }));
        expect(e).toMatchObject({ code: "unauthenticated", status: 401 });
      });

      it("a wrongly signed token is a plain-text 401 that keeps its status and hides the token", async () => {
        const bad = new Client({
          host: lk.url,
          apiKey: lk.apiKey,
          apiSecret: "an-entirely-wrong-secret-of-enough-length",
          transport: target.make(),
          format,
        });
        try {
          const e = await rejection(RoomService.listRooms(bad));
          expect(e).toMatchObject({ code: "unauthenticated", status: 401 });
          expect(e.message).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
          expect(e.message).not.toContain("an-entirely-wrong-secret");
        } finally {
          await bad.close();
        }
      });

      it("unknown rooms and participants are 404 not_found", async () => {
        const missing = roomName("missing");
        expect(await rejection(RoomService.getParticipant(client, missing, "nobody"))).toMatchObject({
          code: "not_found",
          status: 404,
        });
        expect(await rejection(RoomService.updateRoomMetadata(client, missing, "x"))).toMatchObject({
          code: "not_found",
          status: 404,
        });
        expect(await RoomService.listParticipants(client, missing)).toEqual([]);
      });

      it("oversized metadata is a 400 invalid_argument", async () => {
        const e = await rejection(
          RoomService.createRoom(client, roomName("big"), { metadata: "x".repeat(600 * 1024) }),
        );
        expect(e).toMatchObject({ code: "invalid_argument", status: 400 });
      });
    });
  }

  describe(`${target.name} transport against the test-server mock`, () => {
    const mock = inject("livekitMock");
    let client: Client;
    beforeAll(() => {
      client = new Client({
        host: mock.url,
        apiKey: mock.apiKey,
        apiSecret: mock.apiSecret,
        transport: target.make(),
      });
    });
    afterAll(() => client.close());

    it("accepts the grants of every RoomService RPC", async () => {
      const c = client;
      const room = await RoomService.createRoom(c, "mock-room", { emptyTimeout: 10, metadata: "m" });
      expect(room.name).toBe("mock-room");
      expect(Array.isArray(await RoomService.listRooms(c, { names: ["mock-room"] }))).toBe(true);
      await RoomService.deleteRoom(c, "mock-room");
      await RoomService.updateRoomMetadata(c, "mock-room", "m2");
      await RoomService.listParticipants(c, "mock-room");
      await RoomService.getParticipant(c, "mock-room", "p1");
      await RoomService.removeParticipant(c, "mock-room", "p1");
      await RoomService.updateParticipant(c, "mock-room", "p1", { metadata: "x", attributes: { a: "b" } });
      await RoomService.mutePublishedTrack(c, "mock-room", "p1", "TR_1", true);
      await RoomService.updateSubscriptions(c, "mock-room", "p1", ["TR_1"], false);
      await RoomService.sendData(c, "mock-room", "hi", { topic: "t" });
      await RoomService.forwardParticipant(c, "mock-room", "p1", "other-room");
      await RoomService.moveParticipant(c, "mock-room", "p1", "other-room");
      await RoomService.performRpc(c, "mock-room", "p1", "m", "{}");
    });

    it("a missing grant is the mock's 403 permission_denied", async () => {
      const listRooms = defineRpc(RoomServiceDesc.method.listRooms);
      const e = await rejection(callRpc(client, listRooms, {}, { roomCreate: true }));
      expect(e).toMatchObject({ code: "permission_denied", status: 403 });
      const admin = defineRpc(RoomServiceDesc.method.listParticipants);
      const wrongRoom = await rejection(
        callRpc(client, admin, { room: "a" }, { roomAdmin: true, room: "b" }),
      );
      expect(wrongRoom).toMatchObject({ code: "permission_denied", status: 403 });
    });
  });
}
