import { describe, expect, it } from "vitest";
import { Replay } from "../src/gen/cloud_replay_pb.js";
import { AgentDispatchService } from "../src/gen/livekit_agent_dispatch_pb.js";
import { AgentSimulation } from "../src/gen/livekit_agent_simulation_pb.js";
import { CloudAgent } from "../src/gen/livekit_cloud_agent_pb.js";
import { Egress } from "../src/gen/livekit_egress_pb.js";
import { Ingress } from "../src/gen/livekit_ingress_pb.js";
import { PhoneNumberService } from "../src/gen/livekit_phone_number_pb.js";
import { RoomService } from "../src/gen/livekit_room_pb.js";
import { SIP } from "../src/gen/livekit_sip_pb.js";

const rpcNames = (service: { methods: { name: string }[] }) => service.methods.map((m) => m.name).sort();

describe("service descriptors", () => {
  it("list every RoomService RPC", () => {
    expect(RoomService.typeName).toBe("livekit.RoomService");
    expect(rpcNames(RoomService)).toEqual(
      [
        "CreateRoom",
        "DeleteRoom",
        "ForwardParticipant",
        "GetParticipant",
        "ListParticipants",
        "ListRooms",
        "MoveParticipant",
        "MutePublishedTrack",
        "PerformRpc",
        "RemoveParticipant",
        "SendData",
        "UpdateParticipant",
        "UpdateRoomMetadata",
        "UpdateSubscriptions",
      ].sort(),
    );
  });

  it("list the Egress, Ingress, SIP and AgentDispatchService RPCs", () => {
    expect(rpcNames(Egress)).toEqual(
      expect.arrayContaining([
        "StartRoomCompositeEgress",
        "StartWebEgress",
        "StartParticipantEgress",
        "StartTrackCompositeEgress",
        "StartTrackEgress",
        "UpdateLayout",
        "UpdateStream",
        "ListEgress",
        "StopEgress",
      ]),
    );
    expect(rpcNames(Ingress)).toEqual(["CreateIngress", "DeleteIngress", "ListIngress", "UpdateIngress"]);
    expect(rpcNames(SIP)).toEqual(
      expect.arrayContaining([
        "CreateSIPInboundTrunk",
        "CreateSIPOutboundTrunk",
        "ListSIPInboundTrunk",
        "DeleteSIPTrunk",
        "CreateSIPDispatchRule",
        "CreateSIPParticipant",
        "TransferSIPParticipant",
      ]),
    );
    expect(rpcNames(SIP)).not.toContain("CreateSIPTrunk");
    expect(rpcNames(AgentDispatchService)).toEqual(["CreateDispatch", "DeleteDispatch", "ListDispatch"]);
  });

  it("list the Cloud services of the pinned protocol release", () => {
    expect(CloudAgent.typeName).toBe("livekit.CloudAgent");
    expect(CloudAgent.methods).toHaveLength(18);
    expect(rpcNames(AgentSimulation)).toHaveLength(7);
    expect(rpcNames(Replay)).toEqual(["Close", "DeleteReplay", "Export", "ListReplays", "Playback", "Seek"]);
    expect(rpcNames(PhoneNumberService)).toEqual([
      "GetPhoneNumber",
      "ListPhoneNumbers",
      "PurchasePhoneNumber",
      "ReleasePhoneNumbers",
      "SearchPhoneNumbers",
      "UpdatePhoneNumber",
    ]);
  });
});
