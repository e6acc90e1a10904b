import { describeValue } from "@exlivekit/internal";
import { TokenError } from "./errors.ts";

/** A track source a participant may publish (`canPublishSources`). */
export type TrackSource = "camera" | "microphone" | "screen_share" | "screen_share_audio";

/** Room and participant permissions: the `video` claim of a LiveKit token. */
export interface VideoGrant {
  /** May create rooms (RoomService.CreateRoom / DeleteRoom). */
  roomCreate?: boolean;
  /** May list rooms (RoomService.ListRooms). */
  roomList?: boolean;
  /** May record rooms (egress). */
  roomRecord?: boolean;
  /** May administer the room named in `room` (participants, data, metadata, agent dispatch). */
  roomAdmin?: boolean;
  /** May join the room named in `room`; needs an identity. */
  roomJoin?: boolean;
  /** The room this token applies to. */
  room?: string;
  /** Room a participant may be forwarded or moved to. */
  destinationRoom?: string;
  /** May publish tracks (default true when joining). */
  canPublish?: boolean;
  /** May subscribe to tracks (default true when joining). */
  canSubscribe?: boolean;
  /** May publish data messages (defaults to `canPublish`). */
  canPublishData?: boolean;
  /** When set, only these sources may be published. */
  canPublishSources?: TrackSource[];
  /** May update its own name, metadata and attributes (default false). */
  canUpdateOwnMetadata?: boolean;
  /** May administer ingress. */
  ingressAdmin?: boolean;
  /** Invisible to other participants. */
  hidden?: boolean;
  /** Marks the participant as a recorder. */
  recorder?: boolean;
  /** May register as an agent worker. */
  agent?: boolean;
  /** May subscribe to metrics. */
  canSubscribeMetrics?: boolean;
  /** May manage an agent session remotely. */
  canManageAgentSession?: boolean;
}

/** SIP permissions: the `sip` claim. */
export interface SipGrant {
  /** Manage SIP trunks and dispatch rules. */
  admin?: boolean;
  /** Place outbound SIP calls. */
  call?: boolean;
}

/** Agent permissions: the `agent` claim (LiveKit Cloud agents). */
export interface AgentGrant {
  /** Create, update and delete Cloud agents. */
  admin?: boolean;
  /** Manage simulations and scenarios for evaluating agents. */
  simulationAdmin?: boolean;
}

/** Inference permissions: the `inference` claim (LiveKit Cloud LLM/STT/TTS). */
export interface InferenceGrant {
  /** Use all inference features. */
  perform?: boolean;
}

/** Observability permissions: the `observability` claim. */
export interface ObservabilityGrant {
  /** Publish observability data. */
  write?: boolean;
}

/** The participant kind claim. */
export type ParticipantKind = "standard" | "egress" | "ingress" | "sip" | "agent" | "connector" | "bridge";

/** Details refining the participant kind (`kindDetails` claim). */
export type ParticipantKindDetail =
  | "cloud_agent"
  | "forwarded"
  | "connector_whatsapp"
  | "connector_twilio"
  | "bridge_rtsp"
  | "simulation";

type FieldType = "boolean" | "string" | "sources";
type Shape = Record<string, FieldType>;

// One constant per claim, so that GRANT_FIELDS is built from plain names: with the PURE marks a bundle that
// never checks a grant (a client that only signs) drops the shapes, the maps and the calls building them.
const VIDEO = {
  roomCreate: "boolean",
  roomList: "boolean",
  roomRecord: "boolean",
  roomAdmin: "boolean",
  roomJoin: "boolean",
  room: "string",
  destinationRoom: "string",
  canPublish: "boolean",
  canSubscribe: "boolean",
  canPublishData: "boolean",
  canPublishSources: "sources",
  canUpdateOwnMetadata: "boolean",
  ingressAdmin: "boolean",
  hidden: "boolean",
  recorder: "boolean",
  agent: "boolean",
  canSubscribeMetrics: "boolean",
  canManageAgentSession: "boolean",
} as const satisfies Shape;
const SIP = { admin: "boolean", call: "boolean" } as const satisfies Shape;
const AGENT = { admin: "boolean", simulationAdmin: "boolean" } as const satisfies Shape;
const INFERENCE = { perform: "boolean" } as const satisfies Shape;
const OBSERVABILITY = { write: "boolean" } as const satisfies Shape;

/** Field types of each grant claim, from https://github.com/livekit/protocol/blob/v1.54.1/auth/grants.go. */
export const GRANT_SHAPES = {
  video: VIDEO,
  sip: SIP,
  agent: AGENT,
  inference: INFERENCE,
  observability: OBSERVABILITY,
} as const satisfies Record<string, Shape>;

/**
 * GRANT_SHAPES as maps: a lookup by a key from a token or a caller cannot reach Object.prototype
 * ("toString", "constructor"), and costs less than an own-property check plus a read.
 */
const GRANT_FIELDS: Record<GrantClaim, ReadonlyMap<string, FieldType>> = {
  video: /* @__PURE__ */ fieldMap(VIDEO),
  sip: /* @__PURE__ */ fieldMap(SIP),
  agent: /* @__PURE__ */ fieldMap(AGENT),
  inference: /* @__PURE__ */ fieldMap(INFERENCE),
  observability: /* @__PURE__ */ fieldMap(OBSERVABILITY),
};

function fieldMap(shape: Shape): ReadonlyMap<string, FieldType> {
  return new Map(Object.entries(shape));
}

/** The names of the grant claims. */
export type GrantClaim = keyof typeof GRANT_SHAPES;

/** Valid track sources. */
export const TRACK_SOURCES: readonly TrackSource[] = [
  "camera",
  "microphone",
  "screen_share",
  "screen_share_audio",
];
/** Valid participant kinds. */
export const PARTICIPANT_KINDS: readonly ParticipantKind[] = [
  "standard",
  "egress",
  "ingress",
  "sip",
  "agent",
  "connector",
  "bridge",
];
/** Valid participant kind details. */
export const PARTICIPANT_KIND_DETAILS: readonly ParticipantKindDetail[] = [
  "cloud_agent",
  "forwarded",
  "connector_whatsapp",
  "connector_twilio",
  "bridge_rtsp",
  "simulation",
];

/** Quotes a user-supplied name for a message, cut short so a pasted secret cannot appear whole. */
export function quoteName(name: string): string {
  return JSON.stringify(name.length > 40 ? `${name.slice(0, 24)}…` : name);
}

/**
 * Checks a grant object being put into a token and returns a copy without `undefined` entries, so later
 * changes to the caller's object cannot reach the token. Unknown keys, wrong types and unknown track
 * sources throw `invalid_grant`.
 */
export function checkGrant(claim: GrantClaim, value: unknown): Record<string, unknown> {
  assertGrantObject(claim, value, "invalid_grant");
  const shape = GRANT_FIELDS[claim];
  const out: Record<string, unknown> = {};
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const field = value[key];
    if (field === undefined) continue;
    const type = shape.get(key);
    if (type === undefined) {
      throw new TokenError(
        "invalid_grant",
        `unknown ${claim} grant key ${quoteName(key)}; valid keys: ${[...shape.keys()].join(", ")}`,
      );
    }
    checkField(claim, key, field, type, "invalid_grant", true);
    out[key] = type === "sources" ? [...(field as string[])] : field;
  }
  return out;
}

/**
 * Checks a grant claim of a verified token (`invalid_claims` on a wrong type). Keys and track sources
 * added by newer LiveKit versions are tolerated; the claim comes back as is when every key is known
 * (the common case, and no copy), else as a copy holding only the known keys.
 */
export function readGrantClaim(claim: GrantClaim, value: unknown): Record<string, unknown> {
  assertGrantObject(claim, value, "invalid_claims");
  const shape = GRANT_FIELDS[claim];
  let known = true;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const type = shape.get(key);
    if (type === undefined) known = false;
    else checkField(claim, key, value[key], type, "invalid_claims", false);
  }
  if (known) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) if (shape.has(key)) out[key] = value[key];
  return out;
}

function assertGrantObject(
  claim: GrantClaim,
  value: unknown,
  code: "invalid_grant" | "invalid_claims",
): asserts value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TokenError(code, `${claim} grant must be an object, got ${describeValue(value)}`);
  }
}

function checkField(
  claim: GrantClaim,
  key: string,
  field: unknown,
  type: FieldType,
  code: "invalid_grant" | "invalid_claims",
  strictEnums: boolean,
): void {
  if (type === "sources") checkSources(claim, key, field, code, strictEnums);
  else if (typeof field !== type) {
    throw new TokenError(code, `${claim}.${key} must be a ${type}, got ${describeValue(field)}`);
  }
}

function checkSources(claim: string, key: string, value: unknown, code: string, strict: boolean): void {
  const ok =
    Array.isArray(value) &&
    value.every(
      (s) => typeof s === "string" && (!strict || (TRACK_SOURCES as readonly string[]).includes(s)),
    );
  if (!ok) {
    throw new TokenError(
      code as "invalid_grant",
      `${claim}.${key} must be an array of track sources (${TRACK_SOURCES.join(", ")})`,
    );
  }
}
