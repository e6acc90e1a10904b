// Public entry of @exlivekit/server-sdk. User-facing names first; transport-author API after.

export type { ClientOptions } from "./client.ts";
export { Client } from "./client.ts";
export type {
  ClientErrorCode,
  LiveKitErrorCode,
  TransportErrorCode,
  TwirpCode,
} from "./errors.ts";
export {
  ConfigError,
  InvalidArgumentError,
  LiveKitError,
  MalformedResponseError,
  TransportError,
  TwirpError,
} from "./errors.ts";
export type { RpcGrants } from "./grants.ts";
export { toPlainJson } from "./json.ts";
export type { RetryContext, RetryOptions } from "./retry.ts";
export { defaultShouldRetry } from "./retry.ts";
export type {
  CreateRoomOptions,
  PerformRpcOptions,
  SendDataOptions,
  UpdateParticipantOptions,
} from "./services/room.ts";
export { RoomService } from "./services/room.ts";
export type {
  InterceptedRequest,
  Interceptor,
  SendFn,
  Transport,
  TransportRequest,
  TransportResponse,
} from "./transport.ts";
export type { CallOptions, Rpc } from "./twirp-caller.ts";
export { callRpc, defineRpc } from "./twirp-caller.ts";
export type { WireFormat } from "./twirp-codec.ts";
