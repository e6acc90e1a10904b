/**
 * The retry class of every RPC of every LiveKit service, in one table (this package's README.md, "Retries").
 *
 * - `safe`: reads and idempotent writes. Sending one twice leaves the server as sending it once did, so
 *   it may be retried after a transport failure, any 5xx but 501, and 429.
 * - `unsafe`: calls whose repetition is visible: a phone rings again, a second egress or ingress starts, a
 *   participant runs an RPC or receives data twice, something is bought or created twice. Retried only when
 *   the request provably never left (connection refused, DNS, connect timeout) or the server answered 429
 *   with `Retry-After`.
 *
 * Adding a service or a method: add its line here. `retry-classes.test.ts` walks every service descriptor
 * in `@exlivekit/protocol` and fails for any RPC without a class, and for any class without an RPC.
 */
export type RetryClass = "safe" | "unsafe";

export const RETRY_CLASSES: Readonly<Record<string, Readonly<Record<string, RetryClass>>>> = {
  "livekit.RoomService": {
    // CreateRoom answers the existing room when the name is taken.
    CreateRoom: "safe",
    ListRooms: "safe",
    DeleteRoom: "safe",
    ListParticipants: "safe",
    GetParticipant: "safe",
    RemoveParticipant: "safe",
    MutePublishedTrack: "safe",
    UpdateParticipant: "safe",
    UpdateSubscriptions: "safe",
    SendData: "unsafe",
    UpdateRoomMetadata: "safe",
    // A repeated move or forward of a participant that already left fails and hides the first success.
    ForwardParticipant: "unsafe",
    MoveParticipant: "unsafe",
    PerformRpc: "unsafe",
  },
  "livekit.Egress": {
    StartEgress: "unsafe",
    StartRoomCompositeEgress: "unsafe",
    StartWebEgress: "unsafe",
    StartParticipantEgress: "unsafe",
    StartTrackCompositeEgress: "unsafe",
    StartTrackEgress: "unsafe",
    UpdateLayout: "safe",
    UpdateStream: "safe",
    ListEgress: "safe",
    StopEgress: "safe",
  },
  "livekit.Ingress": {
    CreateIngress: "unsafe",
    UpdateIngress: "safe",
    ListIngress: "safe",
    DeleteIngress: "safe",
  },
  "livekit.SIP": {
    ListSIPTrunk: "safe",
    CreateSIPInboundTrunk: "unsafe",
    CreateSIPOutboundTrunk: "unsafe",
    UpdateSIPInboundTrunk: "safe",
    UpdateSIPOutboundTrunk: "safe",
    GetSIPInboundTrunk: "safe",
    GetSIPOutboundTrunk: "safe",
    ListSIPInboundTrunk: "safe",
    ListSIPOutboundTrunk: "safe",
    DeleteSIPTrunk: "safe",
    CreateSIPDispatchRule: "unsafe",
    UpdateSIPDispatchRule: "safe",
    ListSIPDispatchRule: "safe",
    DeleteSIPDispatchRule: "safe",
    CreateSIPParticipant: "unsafe",
    TransferSIPParticipant: "unsafe",
  },
  "livekit.AgentDispatchService": {
    CreateDispatch: "unsafe",
    DeleteDispatch: "safe",
    ListDispatch: "safe",
  },
  "livekit.Connector": {
    DialWhatsAppCall: "unsafe",
    DisconnectWhatsAppCall: "safe",
    ConnectWhatsAppCall: "unsafe",
    AcceptWhatsAppCall: "unsafe",
    ConnectTwilioCall: "unsafe",
  },
  "livekit.PhoneNumberService": {
    SearchPhoneNumbers: "safe",
    PurchasePhoneNumber: "unsafe",
    ListPhoneNumbers: "safe",
    GetPhoneNumber: "safe",
    UpdatePhoneNumber: "safe",
    ReleasePhoneNumbers: "safe",
  },
  "livekit.CloudAgent": {
    CreateAgent: "unsafe",
    CreateAgentV2: "unsafe",
    // Promote and roll back name their target version: repeating one lands in the same state.
    PromoteAgent: "safe",
    ListAgents: "safe",
    ListAgentVersions: "safe",
    ListAgentSecrets: "safe",
    UpdateAgent: "safe",
    // A second restart restarts the instances again.
    RestartAgent: "unsafe",
    DeployAgent: "unsafe",
    DeployAgentV2: "unsafe",
    UpdateAgentSecrets: "safe",
    RollbackAgent: "safe",
    DeleteAgent: "safe",
    GetClientSettings: "safe",
    CreatePrivateLink: "unsafe",
    DestroyPrivateLink: "safe",
    ListPrivateLinks: "safe",
    GetPrivateLinkStatus: "safe",
  },
  "livekit.AgentSimulation": {
    CreateSimulationRun: "unsafe",
    // Confirming the upload is what starts the run.
    ConfirmSimulationSourceUpload: "unsafe",
    GetSimulationRun: "safe",
    ListSimulationRuns: "safe",
    CountSimulationRuns: "safe",
    CancelSimulationRun: "safe",
    CreateScenarioFromSession: "unsafe",
  },
  "livekit.Replay": {
    ListReplays: "safe",
    // Each Playback starts one more playback into the room.
    Playback: "unsafe",
    Seek: "safe",
    Close: "safe",
    // Export starts an egress.
    Export: "unsafe",
    DeleteReplay: "safe",
  },
};

/** The class of `service`/`method`; an RPC missing from the table is `unsafe`, the class that cannot repeat harm. */
export function retryClassOf(service: string, method: string): RetryClass {
  const methods = RETRY_CLASSES[service];
  return (methods !== undefined && Object.hasOwn(methods, method) && methods[method]) || "unsafe";
}
