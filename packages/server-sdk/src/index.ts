// Public entry of @exlivekit/server-sdk. User-facing names first; transport-author API after.

export type { ClientOptions } from "./client.ts";
export { Client } from "./client.ts";
export type { RpcGrants } from "./grants.ts";
export type { BoundService } from "./livekit-api.ts";
export { bindService, LiveKitApi } from "./livekit-api.ts";
export type { RetryContext, RetryOptions } from "./retry.ts";
export { defaultShouldRetry } from "./retry.ts";
// Egress, Ingress, SIP, AgentDispatch and Connector services; LiveKit Cloud's CloudAgent,
// AgentSimulation, Replay and PhoneNumber services.
export type { CreateDispatchOptions } from "./services/agent-dispatch.ts";
export { AgentDispatchService } from "./services/agent-dispatch.ts";
export type {
  CountSimulationRunsOptions,
  CreateSimulationRunOptions,
  ListSimulationRunsOptions,
  SimulationProjectOptions,
} from "./services/agent-simulation.ts";
export { AgentSimulationService } from "./services/agent-simulation.ts";
export type {
  CreateAgentOptions,
  CreateAgentV2Options,
  CreatePrivateLinkOptions,
  DeployAgentOptions,
  DeployAgentV2Options,
  ListAgentsOptions,
  UpdateAgentOptions,
  UpdateAgentSecretsOptions,
} from "./services/cloud-agent.ts";
export { CloudAgentService, cloudAgentHost } from "./services/cloud-agent.ts";
export type {
  AcceptWhatsAppCallOptions,
  ConnectTwilioCallOptions,
  DialWhatsAppCallOptions,
  SessionDescriptionFields,
} from "./services/connector.ts";
export { ConnectorService } from "./services/connector.ts";
export type { DurationInput } from "./services/durations.ts";
export type {
  EgressCommonOptions,
  EgressSource,
  ListEgressOptions,
  ParticipantEgressOptions,
  RoomCompositeEgressOptions,
  StartEgressOptions,
  TrackCompositeEgressOptions,
  TrackEgressOptions,
  UpdateStreamOptions,
  WebEgressOptions,
  WebhookConfigFields,
} from "./services/egress.ts";
export { EgressService } from "./services/egress.ts";
export type {
  DirectFileOutputFields,
  EgressEncoding,
  EgressOutput,
  EgressOutputs,
  EncodedFileOutputFields,
  EncodingOptionsFields,
  FileOutputFields,
  ImageOutputFields,
  SegmentedFileOutputFields,
  StorageConfigFields,
  StreamOutputFields,
  TrackEgressOutput,
  UnifiedEgressOutput,
} from "./services/egress-outputs.ts";
export type {
  CreateIngressOptions,
  IngressAudioOptionsFields,
  IngressInputType,
  IngressSettings,
  IngressVideoOptionsFields,
  ListIngressOptions,
} from "./services/ingress.ts";
export { IngressService } from "./services/ingress.ts";
export type {
  ListPhoneNumbersOptions,
  PhoneNumberRef,
  PhoneNumberUpdate,
  SearchPhoneNumbersOptions,
} from "./services/phone-number.ts";
export { PhoneNumberService } from "./services/phone-number.ts";
export type { ExportReplayOptions } from "./services/replay.ts";
export { ReplayService } from "./services/replay.ts";
export type {
  CreateRoomOptions,
  PerformRpcOptions,
  RemoveParticipantOptions,
  SendDataOptions,
  UpdateParticipantOptions,
} from "./services/room.ts";
export { RoomService } from "./services/room.ts";
export { SipService } from "./services/sip.ts";
export type { CreateSipParticipantOptions, TransferSipParticipantOptions } from "./services/sip-calls.ts";
export type {
  ListSipDispatchRuleOptions,
  SipDispatchRuleOptions,
  SipDispatchRuleSpec,
  SipDispatchRuleUpdate,
} from "./services/sip-dispatch-rules.ts";
export type { SipErrorDetails } from "./services/sip-errors.ts";
export { sipErrorDetails } from "./services/sip-errors.ts";
export type {
  IterateSipTrunkOptions,
  ListSipTrunkOptions,
  SipInboundTrunkFields,
  SipInboundTrunkUpdate,
  SipOutboundTrunkFields,
  SipOutboundTrunkUpdate,
} from "./services/sip-trunks.ts";
// The errors and the transport-author API: the same list as the light `/transport` entry.
export * from "./transport-entry.ts";
export type { CallOptions, Rpc, RpcJson, RpcOptions } from "./twirp-caller.ts";
export { callRpc, wireRpc } from "./twirp-caller.ts";
export type { WireCodec, WireFormat } from "./twirp-codec.ts";
