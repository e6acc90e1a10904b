// Everything both endpoint entries export unchanged; only createTokenEndpoint differs (its AccessToken).
export type { TokenEndpointCors } from "./cors.ts";
export type { Duration } from "./duration.ts";
export type { TokenEndpointErrorCode } from "./endpoint-rejection.ts";
export { isTokenError, TokenError, type TokenErrorCode } from "./errors.ts";
export type { ParticipantKind, VideoGrant } from "./grants.ts";
export type { RoomAgentDispatch, RoomConfiguration } from "./room-config.ts";
export {
  type AuthorizedToken,
  type AuthorizeResult,
  DEFAULT_MAX_BODY_BYTES,
  type TokenDenial,
  type TokenEndpoint,
  type TokenEndpointOptions,
} from "./token-endpoint.ts";
export type { TokenSourceRequest } from "./token-source-request.ts";
