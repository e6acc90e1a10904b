// Everything both entry points export unchanged; only AccessToken and verifyToken differ (their HS256 engine).
export type { AccessTokenOptions, RoomConfigOptions } from "./access-token-builder.ts";
export { AccessTokenBuilder, DEFAULT_TTL_SECONDS } from "./access-token-builder.ts";
export type { LiveKitClaims } from "./claims.ts";
export { type Duration, durationToSeconds } from "./duration.ts";
export { readEnv } from "./env.ts";
export { isTokenError, TokenError, type TokenErrorCode } from "./errors.ts";
export type {
  AgentGrant,
  InferenceGrant,
  ObservabilityGrant,
  ParticipantKind,
  ParticipantKindDetail,
  SipGrant,
  TrackSource,
  VideoGrant,
} from "./grants.ts";
export { readCappedBody } from "./read-capped-body.ts";
export type {
  JobRestartPolicy,
  JsonValue,
  RoomAgentDispatch,
  RoomConfiguration,
  RoomConfigurationMessage,
  RoomEgress,
} from "./room-config.ts";
export type { SignClaimsOptions } from "./sign-claims.ts";
export type {
  ApiKeyCredentials,
  KeySetCredentials,
  VerifiedClaims,
  VerifyCredentials,
  VerifyOptions,
} from "./verify-token.ts";
export { DEFAULT_CLOCK_TOLERANCE_SECONDS } from "./verify-token.ts";
