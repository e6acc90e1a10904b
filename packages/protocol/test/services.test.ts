import { describe, expect, it } from "vitest";
import {
  AgentDispatchServiceDescriptor,
  AgentSimulationDescriptor,
  CloudAgentDescriptor,
  EgressDescriptor,
  IngressDescriptor,
  PhoneNumberServiceDescriptor,
  ReplayDescriptor,
  RoomServiceDescriptor,
  SIPDescriptor,
} from "../src/index.ts";

const rpcNames = (service: { methods: { name: string }[] }) => service.methods.map((m) => m.name).sort();

describe("service descriptors", () => {
  it("list every RoomService RPC", () => {
    expect(RoomServiceDescriptor.typeName).toBe("livekit.RoomService");
    expect(rpcNames(RoomServiceDescriptor)).toEqual(
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
    expect(rpcNames(EgressDescriptor)).toEqual(
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
    expect(rpcNames(IngressDescriptor)).toEqual([
      "CreateIngress",
      "DeleteIngress",
      "ListIngress",
      "UpdateIngress",
    ]);
    expect(rpcNames(SIPDescriptor)).toEqual(
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
    expect(rpcNames(SIPDescriptor)).not.toContain("CreateSIPTrunk");
    expect(rpcNames(AgentDispatchServiceDescriptor)).toEqual([
      "CreateDispatch",
      "DeleteDispatch",
      "ListDispatch",
    ]);
  });

  it("list the Cloud services of the pinned protocol release", () => {
    expect(CloudAgentDescriptor.typeName).toBe("livekit.CloudAgent");
    expect(CloudAgentDescriptor.methods).toHaveLength(18);
    expect(rpcNames(AgentSimulationDescriptor)).toHaveLength(7);
    expect(rpcNames(ReplayDescriptor)).toEqual([
      "Close",
      "DeleteReplay",
      "Export",
      "ListReplays",
      "Playback",
      "Seek",
    ]);
    expect(rpcNames(PhoneNumberServiceDescriptor)).toEqual([
      "GetPhoneNumber",
      "ListPhoneNumbers",
      "PurchasePhoneNumber",
      "ReleasePhoneNumbers",
      "SearchPhoneNumbers",
      "UpdatePhoneNumber",
    ]);
  });
});
