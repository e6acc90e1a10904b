/**
 * The retry class of every RPC of every LiveKit service, one table per service (this package's README.md, "Retries").
 *
 * - `safe`: reads and idempotent writes. Sending one twice leaves the server as sending it once did, so
 *   it may be retried after a transport failure, any 5xx but 501, and 429.
 * - `unsafe`: calls whose repetition is visible: a phone rings again, a second egress or ingress starts, a
 *   participant runs an RPC or receives data twice, something is bought or created twice. Retried only when
 *   the request provably never left (connection refused, DNS, connect timeout) or the server answered 429
 *   with `Retry-After`.
 *
 * One table per service, so that a bundle keeps the classes of the services it calls and no other service's
 * names; `RETRY_CLASSES` gathers them for `defineRpc`. Adding a method: add its line to its service's table;
 * adding a service: a table here and its line in `RETRY_CLASSES`. `retry-classes.test.ts` walks every service
 * descriptor in `@exlivekit/protocol` and fails for any RPC without a class, and for any class without an RPC.
 */
export type RetryClass = "safe" | "unsafe";

/** The retry classes of one service's RPCs. */
export interface RetryClasses {
  /** `livekit.RoomService`: `serviceRpc` checks that a method table and its classes are of one service. */
  readonly service: string;
  /** By method name (`CreateRoom`). */
  readonly methods: Readonly<Record<string, RetryClass>>;
}

export const ROOM_SERVICE: RetryClasses = {
  service: "livekit.RoomService",
  methods: {
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
};

export const EGRESS: RetryClasses = {
  service: "livekit.Egress",
  methods: {
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
};

export const INGRESS: RetryClasses = {
  service: "livekit.Ingress",
  methods: {
    CreateIngress: "unsafe",
    UpdateIngress: "safe",
    ListIngress: "safe",
    DeleteIngress: "safe",
  },
};

export const SIP: RetryClasses = {
  service: "livekit.SIP",
  methods: {
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
};

export const AGENT_DISPATCH_SERVICE: RetryClasses = {
  service: "livekit.AgentDispatchService",
  methods: {
    CreateDispatch: "unsafe",
    DeleteDispatch: "safe",
    ListDispatch: "safe",
  },
};

export const CONNECTOR: RetryClasses = {
  service: "livekit.Connector",
  methods: {
    DialWhatsAppCall: "unsafe",
    DisconnectWhatsAppCall: "safe",
    ConnectWhatsAppCall: "unsafe",
    AcceptWhatsAppCall: "unsafe",
    ConnectTwilioCall: "unsafe",
  },
};

export const PHONE_NUMBER_SERVICE: RetryClasses = {
  service: "livekit.PhoneNumberService",
  methods: {
    SearchPhoneNumbers: "safe",
    PurchasePhoneNumber: "unsafe",
    ListPhoneNumbers: "safe",
    GetPhoneNumber: "safe",
    UpdatePhoneNumber: "safe",
    ReleasePhoneNumbers: "safe",
  },
};

export const CLOUD_AGENT: RetryClasses = {
  service: "livekit.CloudAgent",
  methods: {
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
};

export const AGENT_SIMULATION: RetryClasses = {
  service: "livekit.AgentSimulation",
  methods: {
    CreateSimulationRun: "unsafe",
    // Confirming the upload is what starts the run.
    ConfirmSimulationSourceUpload: "unsafe",
    GetSimulationRun: "safe",
    ListSimulationRuns: "safe",
    CountSimulationRuns: "safe",
    CancelSimulationRun: "safe",
    CreateScenarioFromSession: "unsafe",
  },
};

export const REPLAY: RetryClasses = {
  service: "livekit.Replay",
  methods: {
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

/** Every service's classes by its full name: for descriptor-built RPCs (`defineRpc`) and the tests. */
export const RETRY_CLASSES: Readonly<Record<string, RetryClasses>> = {
  "livekit.RoomService": ROOM_SERVICE,
  "livekit.Egress": EGRESS,
  "livekit.Ingress": INGRESS,
  "livekit.SIP": SIP,
  "livekit.AgentDispatchService": AGENT_DISPATCH_SERVICE,
  "livekit.Connector": CONNECTOR,
  "livekit.PhoneNumberService": PHONE_NUMBER_SERVICE,
  "livekit.CloudAgent": CLOUD_AGENT,
  "livekit.AgentSimulation": AGENT_SIMULATION,
  "livekit.Replay": REPLAY,
};

/** The class of a service's method; a method missing from the table is `unsafe`, the class that cannot repeat harm. */
export function retryClassOf(classes: RetryClasses | undefined, method: string): RetryClass {
  const methods = classes?.methods;
  return (methods !== undefined && Object.hasOwn(methods, method) && methods[method]) || "unsafe";
}
