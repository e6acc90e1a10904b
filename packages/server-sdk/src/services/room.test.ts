// RoomService request shaping: the exact request message, RPC and grants each function sends, what it
// returns from the answer, and the arguments it refuses before sending. The effects on a real server are
// in test/room-rtc.integration.test.ts.
import { create, type DescMessage, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import {
  DataPacket_Kind,
  ParticipantInfoSchema,
  RoomSchema,
  TrackInfoSchema,
} from "@exlivekit/protocol/models";
import {
  CreateRoomRequestSchema,
  DeleteRoomRequestSchema,
  ForwardParticipantRequestSchema,
  ListParticipantsRequestSchema,
  ListParticipantsResponseSchema,
  ListRoomsRequestSchema,
  ListRoomsResponseSchema,
  MoveParticipantRequestSchema,
  MuteRoomTrackRequestSchema,
  MuteRoomTrackResponseSchema,
  PerformRpcRequestSchema,
  PerformRpcResponseSchema,
  RoomParticipantIdentitySchema,
  SendDataRequestSchema,
  UpdateParticipantRequestSchema,
  UpdateRoomMetadataRequestSchema,
  UpdateSubscriptionsRequestSchema,
} from "@exlivekit/protocol/room";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.ts";
import { recorder } from "./recorder.test-helper.ts";
import { RoomService } from "./room.ts";

function answering<S extends DescMessage>(schema: S, init: MessageInitShape<S>) {
  const body = toBinary(schema, create(schema, init));
  return recorder({
    respond: () => ({ status: 200, headers: { "content-type": "application/protobuf" }, body }),
  });
}

const admin = { roomAdmin: true, room: "r" };

describe("RoomService request shaping", () => {
  it("createRoom sends the name and every option with roomCreate, and returns the room", async () => {
    const r = answering(RoomSchema, { name: "r", sid: "RM_1" });
    const room = await RoomService.createRoom(r.client, "r", {
      emptyTimeout: 30,
      maxParticipants: 4,
      metadata: "m",
    });
    expect(room).toMatchObject({ name: "r", sid: "RM_1" });
    const req = r.last(CreateRoomRequestSchema);
    expect(req.$recorded.path).toBe("/twirp/livekit.RoomService/CreateRoom");
    expect(req.$recorded.claims.video).toEqual({ roomCreate: true });
    expect(req).toMatchObject({ name: "r", emptyTimeout: 30, maxParticipants: 4, metadata: "m" });
    await RoomService.createRoom(r.client, "r2");
    expect(r.last(CreateRoomRequestSchema)).toMatchObject({ name: "r2", emptyTimeout: 0, metadata: "" });
  });

  it("listRooms sends the names with roomList and returns the rooms", async () => {
    const r = answering(ListRoomsResponseSchema, { rooms: [{ name: "a" }, { name: "b" }] });
    expect((await RoomService.listRooms(r.client, { names: ["a", "b"] })).map((x) => x.name)).toEqual([
      "a",
      "b",
    ]);
    const req = r.last(ListRoomsRequestSchema);
    expect(req.$recorded.path).toBe("/twirp/livekit.RoomService/ListRooms");
    expect(req.$recorded.claims.video).toEqual({ roomList: true });
    expect(req.names).toEqual(["a", "b"]);
    await RoomService.listRooms(r.client);
    expect(r.last(ListRoomsRequestSchema).names).toEqual([]);
  });

  it("deleteRoom sends the room with roomCreate", async () => {
    const r = recorder();
    await expect(RoomService.deleteRoom(r.client, "r")).resolves.toBeUndefined();
    const req = r.last(DeleteRoomRequestSchema);
    expect(req.$recorded.path).toBe("/twirp/livekit.RoomService/DeleteRoom");
    expect(req.$recorded.claims.video).toEqual({ roomCreate: true });
    expect(req.room).toBe("r");
  });

  it("updateRoomMetadata sends room and metadata with roomAdmin on the room, and returns the room", async () => {
    const r = answering(RoomSchema, { name: "r", metadata: "m2" });
    expect((await RoomService.updateRoomMetadata(r.client, "r", "m2")).metadata).toBe("m2");
    const req = r.last(UpdateRoomMetadataRequestSchema);
    expect(req.$recorded.path).toBe("/twirp/livekit.RoomService/UpdateRoomMetadata");
    expect(req.$recorded.claims.video).toEqual(admin);
    expect(req).toMatchObject({ room: "r", metadata: "m2" });
    await RoomService.updateRoomMetadata(r.client, "r", "");
    expect(r.last(UpdateRoomMetadataRequestSchema).metadata).toBe("");
  });

  it("listParticipants and getParticipant send room (and identity) with roomAdmin", async () => {
    const list = answering(ListParticipantsResponseSchema, { participants: [{ identity: "a" }] });
    expect((await RoomService.listParticipants(list.client, "r")).map((p) => p.identity)).toEqual(["a"]);
    const listed = list.last(ListParticipantsRequestSchema);
    expect(listed.$recorded.path).toBe("/twirp/livekit.RoomService/ListParticipants");
    expect(listed.$recorded.claims.video).toEqual(admin);
    expect(listed.room).toBe("r");

    const get = answering(ParticipantInfoSchema, { identity: "a", sid: "PA_1" });
    expect(await RoomService.getParticipant(get.client, "r", "a")).toMatchObject({
      identity: "a",
      sid: "PA_1",
    });
    const got = get.last(RoomParticipantIdentitySchema);
    expect(got.$recorded.path).toBe("/twirp/livekit.RoomService/GetParticipant");
    expect(got.$recorded.claims.video).toEqual(admin);
    expect(got).toMatchObject({ room: "r", identity: "a" });
  });

  it("removeParticipant sends room and identity with roomAdmin", async () => {
    const r = recorder();
    await expect(RoomService.removeParticipant(r.client, "r", "a")).resolves.toBeUndefined();
    const req = r.last(RoomParticipantIdentitySchema);
    expect(req.$recorded.path).toBe("/twirp/livekit.RoomService/RemoveParticipant");
    expect(req.$recorded.claims.video).toEqual(admin);
    expect(req).toMatchObject({ room: "r", identity: "a" });
  });

  it("updateParticipant sends what is given, empty strings for what is not, and returns the participant", async () => {
    const r = answering(ParticipantInfoSchema, { identity: "a", name: "A" });
    const info = await RoomService.updateParticipant(r.client, "r", "a", {
      metadata: "m",
      name: "A",
      attributes: { k: "v" },
      permission: { canPublish: false, canSubscribe: true },
    });
    expect(info).toMatchObject({ identity: "a", name: "A" });
    const req = r.last(UpdateParticipantRequestSchema);
    expect(req.$recorded.path).toBe("/twirp/livekit.RoomService/UpdateParticipant");
    expect(req.$recorded.claims.video).toEqual(admin);
    expect(req).toMatchObject({ room: "r", identity: "a", metadata: "m", name: "A", attributes: { k: "v" } });
    expect(req.permission).toMatchObject({ canPublish: false, canSubscribe: true });
    await RoomService.updateParticipant(r.client, "r", "a", {});
    const empty = r.last(UpdateParticipantRequestSchema);
    expect(empty).toMatchObject({ metadata: "", name: "", attributes: {} });
    expect(empty.permission).toBeUndefined();
  });

  it("mutePublishedTrack sends the track and the flag, and returns the server's track", async () => {
    const r = answering(MuteRoomTrackResponseSchema, {
      track: create(TrackInfoSchema, { sid: "TR_1", muted: true }),
    });
    expect(await RoomService.mutePublishedTrack(r.client, "r", "a", "TR_1", true)).toMatchObject({
      sid: "TR_1",
      muted: true,
    });
    const req = r.last(MuteRoomTrackRequestSchema);
    expect(req.$recorded.path).toBe("/twirp/livekit.RoomService/MutePublishedTrack");
    expect(req.$recorded.claims.video).toEqual(admin);
    expect(req).toMatchObject({ room: "r", identity: "a", trackSid: "TR_1", muted: true });
    await RoomService.mutePublishedTrack(r.client, "r", "a", "TR_1", false);
    expect(r.last(MuteRoomTrackRequestSchema).muted).toBe(false);
  });

  it("updateSubscriptions sends the tracks, the flag and the participant tracks", async () => {
    const r = recorder();
    await expect(
      RoomService.updateSubscriptions(r.client, "r", "a", ["TR_1", "TR_2"], true, {
        participantTracks: [{ participantSid: "PA_1", trackSids: ["TR_3"] }],
      }),
    ).resolves.toBeUndefined();
    const req = r.last(UpdateSubscriptionsRequestSchema);
    expect(req.$recorded.path).toBe("/twirp/livekit.RoomService/UpdateSubscriptions");
    expect(req.$recorded.claims.video).toEqual(admin);
    expect(req).toMatchObject({ room: "r", identity: "a", trackSids: ["TR_1", "TR_2"], subscribe: true });
    expect(req.participantTracks).toMatchObject([{ participantSid: "PA_1", trackSids: ["TR_3"] }]);
    await RoomService.updateSubscriptions(r.client, "r", "a", ["TR_1"], false);
    const off = r.last(UpdateSubscriptionsRequestSchema);
    expect(off.subscribe).toBe(false);
    expect(off.participantTracks).toEqual([]);
  });

  it("sendData sends bytes, kind, topic, destinations and a fresh 16-byte nonce", async () => {
    const r = recorder();
    await RoomService.sendData(r.client, "r", new Uint8Array([1, 2]), {
      kind: "lossy",
      topic: "t",
      destinationIdentities: ["a"],
    });
    const first = r.last(SendDataRequestSchema);
    expect(first.$recorded.path).toBe("/twirp/livekit.RoomService/SendData");
    expect(first.$recorded.claims.video).toEqual(admin);
    expect(first).toMatchObject({
      room: "r",
      kind: DataPacket_Kind.LOSSY,
      topic: "t",
      destinationIdentities: ["a"],
    });
    expect([...first.data]).toEqual([1, 2]);
    expect(first.nonce).toHaveLength(16);
    await RoomService.sendData(r.client, "r", "hi");
    const second = r.last(SendDataRequestSchema);
    expect(new TextDecoder().decode(second.data)).toBe("hi");
    expect(second).toMatchObject({
      kind: DataPacket_Kind.RELIABLE,
      destinationIdentities: [],
      destinationSids: [],
    });
    expect(second.topic).toBeUndefined();
    expect(second.nonce).not.toEqual(first.nonce);
    for (const kind of ["reliable", DataPacket_Kind.RELIABLE, DataPacket_Kind.LOSSY] as const) {
      await RoomService.sendData(r.client, "r", "x", { kind });
      expect(r.last(SendDataRequestSchema).kind).toBe(
        kind === DataPacket_Kind.LOSSY ? DataPacket_Kind.LOSSY : DataPacket_Kind.RELIABLE,
      );
    }
  });

  it("forwardParticipant and moveParticipant need roomAdmin on both rooms", async () => {
    const r = recorder();
    await RoomService.forwardParticipant(r.client, "r", "a", "d");
    const forward = r.last(ForwardParticipantRequestSchema);
    expect(forward.$recorded.path).toBe("/twirp/livekit.RoomService/ForwardParticipant");
    expect(forward.$recorded.claims.video).toEqual({ roomAdmin: true, room: "r", destinationRoom: "d" });
    expect(forward).toMatchObject({ room: "r", identity: "a", destinationRoom: "d" });
    await RoomService.moveParticipant(r.client, "r", "a", "d");
    const move = r.last(MoveParticipantRequestSchema);
    expect(move.$recorded.path).toBe("/twirp/livekit.RoomService/MoveParticipant");
    expect(move.$recorded.claims.video).toEqual({ roomAdmin: true, room: "r", destinationRoom: "d" });
    expect(move).toMatchObject({ room: "r", identity: "a", destinationRoom: "d" });
  });

  it("performRpc sends the call and returns the participant's answer", async () => {
    const r = answering(PerformRpcResponseSchema, { payload: "pong" });
    expect(await RoomService.performRpc(r.client, "r", "a", "m", "ping", { responseTimeoutMs: 1500 })).toBe(
      "pong",
    );
    const req = r.last(PerformRpcRequestSchema);
    expect(req.$recorded.path).toBe("/twirp/livekit.RoomService/PerformRpc");
    expect(req.$recorded.claims.video).toEqual(admin);
    expect(req).toMatchObject({
      room: "r",
      destinationIdentity: "a",
      method: "m",
      payload: "ping",
      responseTimeoutMs: 1500,
    });
    await RoomService.performRpc(r.client, "r", "a", "m", "");
    expect(r.last(PerformRpcRequestSchema)).toMatchObject({ payload: "", responseTimeoutMs: 0 });
  });
});

describe("RoomService refuses bad arguments before sending", () => {
  const r = recorder();
  const c = r.client;
  // [argument, call, message (when the check is RoomService's own rather than validate.ts's)]
  const cases: [string, () => Promise<unknown>, string?][] = [
    ["name", () => RoomService.createRoom(c, "")],
    ["options", () => RoomService.createRoom(c, "r", 5 as never)],
    ["options", () => RoomService.listRooms(c, 5 as never)],
    ["names[0]", () => RoomService.listRooms(c, { names: [""] })],
    ["room", () => RoomService.deleteRoom(c, "")],
    ["room", () => RoomService.updateRoomMetadata(c, "", "m")],
    ["metadata", () => RoomService.updateRoomMetadata(c, "r", 1 as never)],
    ["room", () => RoomService.listParticipants(c, "")],
    ["room", () => RoomService.getParticipant(c, "", "a")],
    ["identity", () => RoomService.getParticipant(c, "r", "")],
    ["room", () => RoomService.removeParticipant(c, "", "a")],
    ["identity", () => RoomService.removeParticipant(c, "r", "")],
    ["options", () => RoomService.removeParticipant(c, "r", "a", 5 as never)],
    ...([-1, -1n, 1.5, 2 ** 53, "1" as never] as const).map(
      (revokeTokenTs): [string, () => Promise<unknown>, string] => [
        "revokeTokenTs",
        () => RoomService.removeParticipant(c, "r", "a", { revokeTokenTs }),
        `revokeTokenTs: must be a non-negative integer of Unix seconds, got ${String(revokeTokenTs)}`,
      ],
    ),
    ["room", () => RoomService.updateParticipant(c, "", "a", {})],
    ["identity", () => RoomService.updateParticipant(c, "r", "", {})],
    ["options", () => RoomService.updateParticipant(c, "r", "a", 5 as never)],
    ["metadata", () => RoomService.updateParticipant(c, "r", "a", { metadata: 1 as never })],
    ["name", () => RoomService.updateParticipant(c, "r", "a", { name: 1 as never })],
    ["attributes", () => RoomService.updateParticipant(c, "r", "a", { attributes: [] as never })],
    ["room", () => RoomService.mutePublishedTrack(c, "", "a", "TR_1", true)],
    ["identity", () => RoomService.mutePublishedTrack(c, "r", "", "TR_1", true)],
    ["trackSid", () => RoomService.mutePublishedTrack(c, "r", "a", "", true)],
    [
      "muted",
      () => RoomService.mutePublishedTrack(c, "r", "a", "TR_1", "yes" as never),
      "muted: must be a boolean, got string",
    ],
    ["room", () => RoomService.updateSubscriptions(c, "", "a", ["TR_1"], true)],
    ["identity", () => RoomService.updateSubscriptions(c, "r", "", ["TR_1"], true)],
    ["trackSids[0]", () => RoomService.updateSubscriptions(c, "r", "a", [""], true)],
    [
      "subscribe",
      () => RoomService.updateSubscriptions(c, "r", "a", ["TR_1"], 1 as never),
      "subscribe: must be a boolean, got number",
    ],
    ["options", () => RoomService.updateSubscriptions(c, "r", "a", ["TR_1"], true, 5 as never)],
    ["room", () => RoomService.sendData(c, "", "x")],
    ["data", () => RoomService.sendData(c, "r", 5 as never), "data: must be a Uint8Array or a string"],
    ["options", () => RoomService.sendData(c, "r", "x", 5 as never)],
    [
      "kind",
      () => RoomService.sendData(c, "r", "x", { kind: "fast" as never }),
      'kind: must be "reliable" or "lossy", got fast',
    ],
    ["kind", () => RoomService.sendData(c, "r", "x", { kind: 2 as never })],
    ["topic", () => RoomService.sendData(c, "r", "x", { topic: 1 as never })],
    ["destinationIdentities[0]", () => RoomService.sendData(c, "r", "x", { destinationIdentities: [""] })],
    ["destinationSids[0]", () => RoomService.sendData(c, "r", "x", { destinationSids: [""] })],
    ["room", () => RoomService.forwardParticipant(c, "", "a", "d")],
    ["identity", () => RoomService.forwardParticipant(c, "r", "", "d")],
    ["destinationRoom", () => RoomService.forwardParticipant(c, "r", "a", "")],
    ["room", () => RoomService.moveParticipant(c, "", "a", "d")],
    ["identity", () => RoomService.moveParticipant(c, "r", "", "d")],
    ["destinationRoom", () => RoomService.moveParticipant(c, "r", "a", "")],
    ["room", () => RoomService.performRpc(c, "", "a", "m", "p")],
    ["destinationIdentity", () => RoomService.performRpc(c, "r", "", "m", "p")],
    ["method", () => RoomService.performRpc(c, "r", "a", "", "p")],
    ["payload", () => RoomService.performRpc(c, "r", "a", "m", 1 as never)],
    ["options", () => RoomService.performRpc(c, "r", "a", "m", "p", 5 as never)],
  ];
  it.each(cases)("%s (%#)", async (argument, call, message) => {
    const error = await call().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ code: "invalid_argument", argument });
    if (message !== undefined) expect((error as Error).message).toBe(message);
    expect(r.sent).toEqual([]);
  });
});

describe("RoomService token revocation and participant sids", () => {
  it("removeParticipant sends revokeTokenTs only when given", async () => {
    const r = recorder();
    await RoomService.removeParticipant(r.client, "room", "alice");
    expect(r.last(RoomParticipantIdentitySchema).revokeTokenTs).toBe(0n);
    await RoomService.removeParticipant(r.client, "room", "alice", { revokeTokenTs: 1_800_000_000 });
    const sent = r.last(RoomParticipantIdentitySchema);
    expect(sent).toMatchObject({ room: "room", identity: "alice", revokeTokenTs: 1_800_000_000n });
    expect(sent.$recorded.claims).toMatchObject({ video: { roomAdmin: true, room: "room" } });
    await RoomService.removeParticipant(r.client, "room", "alice", { revokeTokenTs: 1_900_000_000n });
    expect(r.last(RoomParticipantIdentitySchema).revokeTokenTs).toBe(1_900_000_000n);
    // Zero is a valid time (the wire's default): accepted, as number and as bigint.
    await RoomService.removeParticipant(r.client, "room", "alice", { revokeTokenTs: 0 });
    await RoomService.removeParticipant(r.client, "room", "alice", { revokeTokenTs: 0n });
    expect(r.sent).toHaveLength(5);
  });

  it("sendData targets participant sids as well as identities", async () => {
    const r = recorder();
    await RoomService.sendData(r.client, "room", "hi", {
      destinationSids: ["PA_1"],
      destinationIdentities: ["bob"],
    });
    expect(r.last(SendDataRequestSchema)).toMatchObject({
      destinationSids: ["PA_1"],
      destinationIdentities: ["bob"],
    });
  });
});
