import { RoomParticipantIdentitySchema, SendDataRequestSchema } from "@exlivekit/protocol/room";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.ts";
import { recorder } from "./recorder.test-helper.ts";
import { RoomService } from "./room.ts";

describe("RoomService request shaping", () => {
  it("removeParticipant sends revokeTokenTs only when given", async () => {
    const r = recorder();
    await RoomService.removeParticipant(r.client, "room", "alice");
    expect(r.last(RoomParticipantIdentitySchema).revokeTokenTs).toBe(0n);
    await RoomService.removeParticipant(r.client, "room", "alice", { revokeTokenTs: 1_800_000_000 });
    const sent = r.last(RoomParticipantIdentitySchema);
    expect(sent).toMatchObject({ room: "room", identity: "alice", revokeTokenTs: 1_800_000_000n });
    expect(sent.$recorded.claims).toMatchObject({ video: { roomAdmin: true, room: "room" } });
    await expect(
      RoomService.removeParticipant(r.client, "room", "alice", { revokeTokenTs: -1 }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
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
