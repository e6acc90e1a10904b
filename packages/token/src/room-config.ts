import { describeValue } from "@exlivekit/internal";
import { TokenError } from "./errors.ts";
import { quoteName } from "./grants.ts";

/** Any JSON value (egress requests inside a room configuration are passed through as JSON). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Restart policy of an agent dispatched with the room (protobuf JSON enum name). */
export type JobRestartPolicy = "JRP_ON_FAILURE" | "JRP_NEVER";

/** An agent to dispatch when the room is created: protobuf JSON of `livekit.RoomAgentDispatch`. */
export interface RoomAgentDispatch {
  /** Name of the agent to dispatch. */
  agentName?: string;
  /** Metadata passed to the agent job. */
  metadata?: string;
  /** Restart policy (LiveKit Cloud). */
  restartPolicy?: JobRestartPolicy;
  /** Deployment to dispatch to (LiveKit Cloud). */
  deployment?: string;
  /** Attributes passed to the agent job. */
  attributes?: Record<string, string>;
  /** The agent thread (an `AT_` id) the dispatched job's call reads and writes (LiveKit Cloud). */
  threadId?: string;
}

/**
 * Automatic egress for the room: protobuf JSON of `livekit.RoomEgress`. The nested requests are
 * `RoomCompositeEgressRequest`, `AutoParticipantEgress` and `AutoTrackEgress` in protobuf JSON.
 */
export interface RoomEgress {
  /** Room composite egress, as protobuf JSON. */
  room?: { [key: string]: JsonValue };
  /** Per-participant egress, as protobuf JSON. */
  participant?: { [key: string]: JsonValue };
  /** Per-track egress, as protobuf JSON. */
  tracks?: { [key: string]: JsonValue };
}

/**
 * A `livekit.RoomConfiguration` message made with `@exlivekit/protocol` (`create(RoomConfigurationSchema,
 * …)`). Typed structurally, since this package does not load protobuf-es; its fields are checked when it
 * is added, like the JSON shape's.
 */
export interface RoomConfigurationMessage {
  /** The protobuf type name every protobuf-es message carries. */
  readonly $typeName: "livekit.RoomConfiguration";
  /** The message's fields. */
  readonly [field: string]: unknown;
}

/**
 * Room settings applied when the holder's join creates the room: the protobuf JSON shape of
 * `livekit.RoomConfiguration` (lowerCamel keys). Only fields that are set are put in the token.
 */
export interface RoomConfiguration {
  /** Room name. */
  name?: string;
  /** Seconds to keep the room open if no one joins. */
  emptyTimeout?: number;
  /** Seconds to keep the room open after everyone leaves. */
  departureTimeout?: number;
  /** Participant limit, excluding egress and ingress participants. */
  maxParticipants?: number;
  /** Room metadata. */
  metadata?: string;
  /** Automatic egress. */
  egress?: RoomEgress;
  /** Minimum subscriber playout delay in ms. */
  minPlayoutDelay?: number;
  /** Maximum subscriber playout delay in ms. */
  maxPlayoutDelay?: number;
  /** Improve A/V sync (disables transceiver reuse). */
  syncStreams?: boolean;
  /** Agents dispatched when the room is created. */
  agents?: readonly RoomAgentDispatch[];
  /** Tags attached to the room. */
  tags?: Record<string, string>;
}

type Kind = "string" | "uint32" | "boolean" | "strings" | "egress" | "agents" | "policy" | "json";

/** The keys of one message: a Map, so `constructor` or `__proto__` is an unknown key, not an inherited one. */
interface MessageFields {
  /** The protobuf type name, which a protobuf-es message carries as `$typeName`. */
  readonly typeName: string;
  readonly fields: ReadonlyMap<string, Kind>;
}

const ROOM_CONFIG: MessageFields = {
  typeName: "livekit.RoomConfiguration",
  fields: new Map<string, Kind>([
    ["name", "string"],
    ["emptyTimeout", "uint32"],
    ["departureTimeout", "uint32"],
    ["maxParticipants", "uint32"],
    ["metadata", "string"],
    ["egress", "egress"],
    ["minPlayoutDelay", "uint32"],
    ["maxPlayoutDelay", "uint32"],
    ["syncStreams", "boolean"],
    ["agents", "agents"],
    ["tags", "strings"],
  ]),
};

const AGENT: MessageFields = {
  typeName: "livekit.RoomAgentDispatch",
  fields: new Map<string, Kind>([
    ["agentName", "string"],
    ["metadata", "string"],
    ["restartPolicy", "policy"],
    ["deployment", "string"],
    ["attributes", "strings"],
    ["threadId", "string"],
  ]),
};

const EGRESS: MessageFields = {
  typeName: "livekit.RoomEgress",
  fields: new Map<string, Kind>([
    ["room", "json"],
    ["participant", "json"],
    ["tracks", "json"],
  ]),
};

// protobuf-es enum numbers of `livekit.JobRestartPolicy`, for a RoomAgentDispatch message.
const POLICY_NAMES: readonly string[] = ["JRP_ON_FAILURE", "JRP_NEVER"];
// Field names (both JSON spellings) that hold storage credentials or stream keys in egress outputs.
const SENSITIVE_KEYS = new Set(["secret", "credentials", "accountKey", "account_key"]);
const STREAM_KEYS = new Set(["streamOutputs", "stream_outputs"]);

/**
 * Validates a room configuration and returns its protobuf JSON with unset and default-valued fields left
 * out (smaller join tokens). Unknown keys and wrong types throw `invalid_grant`. Storage credentials or
 * stream outputs in `egress` are refused unless `allowSensitiveCredentials` (tokens are readable by anyone).
 * A `RoomConfiguration` message made with `@exlivekit/protocol` (`create(RoomConfigurationSchema, …)`) is
 * accepted as it is, except an `egress` message, whose nested requests need `toJson(RoomEgressSchema, …)`.
 */
export function normalizeRoomConfig(
  config: RoomConfiguration | RoomConfigurationMessage,
  allowSensitiveCredentials: boolean,
): Record<string, unknown> {
  const out = normalizeMessage("roomConfig", config, ROOM_CONFIG);
  if (out["egress"] !== undefined && !allowSensitiveCredentials && hasSensitive(out["egress"])) {
    throw new TokenError(
      "invalid_grant",
      "roomConfig.egress contains storage credentials or stream outputs, which anyone holding the token can read; " +
        "pass { allowSensitiveCredentials: true } only for tokens that stay on servers",
    );
  }
  return out;
}

/**
 * Reads a room configuration that arrived as protobuf JSON from a client (either field spelling:
 * `max_participants` or `maxParticipants`, uint32 as number or decimal string, `null` as unset) into the
 * lowerCamel {@link RoomConfiguration}, then validates it like {@link normalizeRoomConfig}. Fields this
 * version does not know are dropped, so a newer client's request still reads. Throws `invalid_grant`.
 */
export function readRoomConfigJson(value: unknown): RoomConfiguration {
  return normalizeRoomConfig(renameFields("roomConfig", value, ROOM_CONFIG), true) as RoomConfiguration;
}

// Deeper egress JSON than this is refused: the sensitive-field scan walks it recursively.
const MAX_JSON_DEPTH = 32;

// Per message: both JSON spellings of every field, mapped to the lowerCamel name.
const spellingCache = new Map<MessageFields, Map<string, string>>();

function spellingsOf(message: MessageFields): Map<string, string> {
  let names = spellingCache.get(message);
  if (names === undefined) {
    names = new Map();
    for (const name of message.fields.keys()) {
      names.set(name, name);
      names.set(
        name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
        name,
      );
    }
    spellingCache.set(message, names);
  }
  return names;
}

function renameFields(path: string, value: unknown, message: MessageFields): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TokenError("invalid_grant", `${path} must be an object, got ${describeValue(value)}`);
  }
  const names = spellingsOf(message);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const name = names.get(key);
    const field = (value as Record<string, unknown>)[key];
    if (name === undefined || field === null) continue;
    if (Object.hasOwn(out, name)) throw new TokenError("invalid_grant", `${path}.${name} is given twice`);
    out[name] = renameField(`${path}.${name}`, field, message.fields.get(name)!);
  }
  return out;
}

function renameField(path: string, value: unknown, kind: Kind): unknown {
  switch (kind) {
    case "agents":
      return Array.isArray(value)
        ? value.map((agent, i) => renameFields(`${path}[${i}]`, agent, AGENT))
        : value;
    case "egress":
      return renameFields(path, value, EGRESS);
    case "uint32":
      return typeof value === "string" && /^\d{1,10}$/.test(value) ? Number(value) : value;
    case "json":
      if (!withinDepth(value, MAX_JSON_DEPTH)) {
        throw new TokenError("invalid_grant", `${path} is nested deeper than ${MAX_JSON_DEPTH} levels`);
      }
      return value;
    default:
      return value;
  }
}

/** True when `value` nests at most `depth` arrays or objects; stops descending at the limit. */
function withinDepth(value: unknown, depth: number): boolean {
  if (typeof value !== "object" || value === null) return true;
  if (depth === 0) return false;
  const children = Array.isArray(value) ? value : Object.values(value);
  return children.every((child) => withinDepth(child, depth - 1));
}

function normalizeMessage(path: string, value: unknown, message: MessageFields): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TokenError("invalid_grant", `${path} must be an object, got ${describeValue(value)}`);
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key];
    if (key === "$typeName") {
      checkTypeName(path, field, message.typeName);
      continue;
    }
    const kind = message.fields.get(key);
    if (kind === undefined) {
      throw new TokenError(
        "invalid_grant",
        `unknown ${path} key ${quoteName(key)}; valid keys: ${[...message.fields.keys()].join(", ")}`,
      );
    }
    if (field === undefined) continue;
    const normalized = normalizeField(`${path}.${key}`, field, kind);
    if (normalized !== undefined) out[key] = normalized;
  }
  return out;
}

// A protobuf-es message of the right type passes; its nested egress requests carry oneofs and bigints
// whose JSON only protobuf-es's toJson writes, and this package does not load the protobuf runtime.
function checkTypeName(path: string, typeName: unknown, expected: string): void {
  if (typeName !== expected) {
    const got = typeof typeName === "string" ? quoteName(typeName) : describeValue(typeName);
    throw new TokenError(
      "invalid_grant",
      `${path} has $typeName ${got}, expected "${expected}" (a message of that type, or its protobuf JSON)`,
    );
  }
  if (expected === EGRESS.typeName) {
    throw new TokenError(
      "invalid_grant",
      `${path} is a RoomEgress message: pass its protobuf JSON instead, toJson(RoomEgressSchema, egress) ` +
        'with RoomEgressSchema from "@exlivekit/protocol/room" and toJson from "@bufbuild/protobuf"',
    );
  }
}

function normalizeField(path: string, value: unknown, kind: Kind): unknown {
  const fail = (expected: string): never => {
    throw new TokenError("invalid_grant", `${path} must be ${expected}, got ${describeValue(value)}`);
  };
  switch (kind) {
    case "string":
      if (typeof value !== "string") fail("a string");
      return value === "" ? undefined : value;
    case "boolean":
      if (typeof value !== "boolean") fail("a boolean");
      return value || undefined;
    case "uint32":
      if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 0xffffffff) {
        fail("an integer from 0 to 4294967295");
      }
      return value === 0 ? undefined : value;
    case "policy": {
      // A name (protobuf JSON) or the enum number of a protobuf-es message.
      const name = typeof value === "number" ? POLICY_NAMES[value] : value;
      if (name !== "JRP_ON_FAILURE" && name !== "JRP_NEVER") fail('"JRP_ON_FAILURE" or "JRP_NEVER"');
      return name === "JRP_ON_FAILURE" ? undefined : name;
    }
    case "strings": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) fail("an object of strings");
      const entries = Object.entries(value as object);
      for (const [k, v] of entries) {
        if (typeof v !== "string") {
          throw new TokenError(
            "invalid_grant",
            `${path}[${quoteName(k)}] must be a string, got ${describeValue(v)}`,
          );
        }
      }
      return entries.length === 0 ? undefined : { ...(value as object) };
    }
    case "agents": {
      if (!Array.isArray(value)) fail("an array");
      const agents = (value as unknown[]).map((a, i) => normalizeMessage(`${path}[${i}]`, a, AGENT));
      return agents.length === 0 ? undefined : agents;
    }
    case "egress": {
      const egress = normalizeMessage(path, value, EGRESS);
      return Object.keys(egress).length === 0 ? undefined : egress;
    }
    case "json":
      if (typeof value !== "object" || value === null || Array.isArray(value))
        fail("an object (protobuf JSON)");
      return value;
  }
}

function hasSensitive(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasSensitive);
  if (typeof value !== "object" || value === null) return false;
  for (const [key, field] of Object.entries(value)) {
    if (SENSITIVE_KEYS.has(key) && typeof field === "string" && field !== "") return true;
    if (STREAM_KEYS.has(key) && Array.isArray(field) && field.length > 0) return true;
    if (hasSensitive(field)) return true;
  }
  return false;
}
