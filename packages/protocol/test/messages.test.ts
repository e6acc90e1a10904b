import { create, fromBinary, fromJson, toBinary, toJson } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { EgressInfoSchema, EgressStatus, EncodedFileType } from "../src/gen/livekit_egress_pb.js";
import { RoomSchema } from "../src/gen/livekit_models_pb.js";
import { ListRoomsResponseSchema } from "../src/gen/livekit_room_pb.js";
import { WebhookEventSchema } from "../src/gen/livekit_webhook_pb.js";

describe("binary round-trips", () => {
  it("keeps Room's int64 fields exact beyond 2^53", () => {
    const room = create(RoomSchema, {
      sid: "RM_abc",
      name: "my-room",
      creationTime: 1_732_540_000n,
      creationTimeMs: 9_007_199_254_740_993n,
      maxParticipants: 50,
      metadata: "m",
    });
    const decoded = fromBinary(RoomSchema, toBinary(RoomSchema, room));
    expect(decoded.creationTimeMs).toBe(9_007_199_254_740_993n);
    expect(decoded.creationTime).toBe(1_732_540_000n);
    expect(decoded.name).toBe("my-room");
  });

  it("keeps EgressInfo's oneofs (request and result)", () => {
    const info = create(EgressInfoSchema, {
      egressId: "EG_1",
      roomName: "r",
      status: EgressStatus.EGRESS_ACTIVE,
      request: {
        case: "roomComposite",
        value: { roomName: "r", layout: "grid", output: { case: "file", value: { filepath: "a.mp4" } } },
      },
      result: { case: "file", value: { filename: "a.mp4", size: 12n } },
    });
    const decoded = fromBinary(EgressInfoSchema, toBinary(EgressInfoSchema, info));
    expect(decoded.request.case).toBe("roomComposite");
    if (decoded.request.case !== "roomComposite") throw new Error("unreachable");
    expect(decoded.request.value.layout).toBe("grid");
    expect(decoded.request.value.output.case).toBe("file");
    expect(decoded.result).toEqual(expect.objectContaining({ case: "file" }));
    expect(EncodedFileType.MP4).toBeGreaterThan(0);
  });

  it("keeps a WebhookEvent with its nested room", () => {
    const event = create(WebhookEventSchema, {
      event: "room_started",
      id: "EV_1",
      createdAt: 1_732_540_000n,
      room: { name: "r", sid: "RM_1" },
    });
    const decoded = fromBinary(WebhookEventSchema, toBinary(WebhookEventSchema, event));
    expect(decoded.event).toBe("room_started");
    expect(decoded.room?.name).toBe("r");
    expect(decoded.createdAt).toBe(1_732_540_000n);
  });
});

describe("JSON shapes the server sends", () => {
  it("decodes a Twirp response: snake_case names, every default present, int64 as strings", () => {
    // The shape of a real ListRooms answer (see the integration test for the live check).
    const body = {
      rooms: [
        {
          sid: "RM_x",
          name: "r",
          empty_timeout: 300,
          departure_timeout: 20,
          max_participants: 0,
          creation_time: "1732540000",
          creation_time_ms: "1732540000123",
          turn_password: "",
          enabled_codecs: [{ mime: "audio/opus", fmtp_line: "" }],
          metadata: "",
          num_participants: 0,
          num_publishers: 0,
          active_recording: false,
          version: null,
        },
      ],
    };
    const decoded = fromJson(ListRoomsResponseSchema, body, { ignoreUnknownFields: true });
    expect(decoded.rooms[0]?.creationTimeMs).toBe(1_732_540_000_123n);
    expect(decoded.rooms[0]?.emptyTimeout).toBe(300);
    expect(decoded.rooms[0]?.enabledCodecs[0]?.mime).toBe("audio/opus");
  });

  it("decodes a webhook body: lowerCamel names, defaults omitted", () => {
    const body = {
      event: "participant_joined",
      room: { sid: "RM_x", name: "r", emptyTimeout: 300, creationTime: "1732540000" },
      participant: { sid: "PA_x", identity: "alice", state: "ACTIVE", joinedAt: "1732540001" },
      id: "EV_x",
      createdAt: "1732540002",
    };
    const decoded = fromJson(WebhookEventSchema, body, { ignoreUnknownFields: true });
    expect(decoded.participant?.identity).toBe("alice");
    expect(decoded.participant?.joinedAt).toBe(1_732_540_001n);
    expect(toJson(WebhookEventSchema, decoded)).toEqual(body);
  });

  it("tolerates fields from newer servers when asked to", () => {
    const body = { event: "room_started", room: { name: "r" }, fieldFromTheFuture: 1 };
    expect(() => fromJson(WebhookEventSchema, body)).toThrow();
    expect(fromJson(WebhookEventSchema, body, { ignoreUnknownFields: true }).room?.name).toBe("r");
  });
});
