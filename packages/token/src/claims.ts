import type {
  AgentGrant,
  InferenceGrant,
  ObservabilityGrant,
  ParticipantKind,
  ParticipantKindDetail,
  SipGrant,
  VideoGrant,
} from "./grants.ts";
import type { RoomConfiguration } from "./room-config.ts";

/** The LiveKit-specific claims of a token, besides the registered JWT claims. */
export interface LiveKitClaims {
  /** Participant display name. */
  name?: string;
  /** Participant metadata. */
  metadata?: string;
  /** Participant attributes. */
  attributes?: Record<string, string>;
  /** Participant kind. */
  kind?: ParticipantKind;
  /** Refinements of the participant kind. */
  kindDetails?: ParticipantKindDetail[];
  /** Room and participant permissions. */
  video?: VideoGrant;
  /** SIP permissions. */
  sip?: SipGrant;
  /** Agent permissions. */
  agent?: AgentGrant;
  /** Inference permissions. */
  inference?: InferenceGrant;
  /** Observability permissions. */
  observability?: ObservabilityGrant;
  /** Room configuration applied when this participant creates the room (protobuf JSON). */
  roomConfig?: RoomConfiguration;
  /** Room preset (LiveKit Cloud). */
  roomPreset?: string;
  /** Base64 SHA-256 of a message body (webhooks). */
  sha256?: string;
}

/** The order in which LiveKit claims follow the registered claims in the payload. */
export const CLAIM_ORDER = [
  "name",
  "metadata",
  "attributes",
  "kind",
  "kindDetails",
  "video",
  "sip",
  "agent",
  "inference",
  "observability",
  "roomConfig",
  "roomPreset",
  "sha256",
] as const satisfies readonly (keyof LiveKitClaims)[];
