import { describeValue } from "@exlivekit/internal";
import { Rejection } from "./endpoint-rejection.ts";
import { quoteName } from "./grants.ts";
import { type RoomConfiguration, readRoomConfigJson } from "./room-config.ts";

/**
 * What a client asked the token endpoint for: LiveKit's `TokenSourceRequest` in lowerCamel, validated.
 * Every field is a suggestion from the browser; the endpoint's `authorize` policy decides what the token
 * says. Empty strings count as absent.
 */
export interface TokenSourceRequest {
  /** The room the client wants to join. */
  roomName?: string;
  /** The display name the client asks for. */
  participantName?: string;
  /** The identity the client asks for (never trust it as the user's identity). */
  participantIdentity?: string;
  /** Participant metadata the client asks for. */
  participantMetadata?: string;
  /** Participant attributes the client asks for (empty when none). */
  participantAttributes: Record<string, string>;
  /** Room configuration the client asks for; livekit-client puts its agent options in `agents[0]`. */
  roomConfig?: RoomConfiguration;
}

type StringField = "roomName" | "participantName" | "participantIdentity" | "participantMetadata";

// Both JSON spellings of each field (clients send proto names; protobuf JSON readers accept both).
const FIELDS = new Map<string, StringField | "participantAttributes" | "roomConfig">([
  ["room_name", "roomName"],
  ["roomName", "roomName"],
  ["participant_name", "participantName"],
  ["participantName", "participantName"],
  ["participant_identity", "participantIdentity"],
  ["participantIdentity", "participantIdentity"],
  ["participant_metadata", "participantMetadata"],
  ["participantMetadata", "participantMetadata"],
  ["participant_attributes", "participantAttributes"],
  ["participantAttributes", "participantAttributes"],
  ["room_config", "roomConfig"],
  ["roomConfig", "roomConfig"],
]);

function invalid(message: string): never {
  throw new Rejection(400, "invalid_request", message);
}

/**
 * Reads the parsed JSON body of a token endpoint request. Unknown fields are ignored (newer clients may
 * send more); `null` means unset; wrong types are a 400 `invalid_request`. Linear in the size of the body.
 */
export function readTokenSourceRequest(body: unknown): TokenSourceRequest {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    invalid(`the request body must be a JSON object, got ${describeValue(body)}`);
  }
  const ask: TokenSourceRequest = { participantAttributes: {} };
  const seen = new Set<string>();
  for (const key of Object.keys(body)) {
    const name = FIELDS.get(key);
    const value = (body as Record<string, unknown>)[key];
    if (name === undefined || value === null) continue;
    if (seen.has(name)) invalid(`${name} is given twice`);
    seen.add(name);
    if (name === "participantAttributes") ask.participantAttributes = readAttributes(value);
    else if (name === "roomConfig") ask.roomConfig = readRoomConfig(value);
    else if (typeof value !== "string") invalid(`${name} must be a string, got ${describeValue(value)}`);
    else if (value !== "") ask[name] = value;
  }
  return ask;
}

function readAttributes(value: unknown): Record<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    invalid(`participantAttributes must be an object of strings, got ${describeValue(value)}`);
  }
  const attributes: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== "string") {
      invalid(`participantAttributes[${quoteName(key)}] must be a string, got ${describeValue(entry)}`);
    }
    // defineProperty: a key named "__proto__" stays an ordinary attribute.
    Object.defineProperty(attributes, key, {
      value: entry,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return attributes;
}

function readRoomConfig(value: unknown): RoomConfiguration {
  try {
    return readRoomConfigJson(value);
  } catch (error) {
    invalid((error as Error).message);
  }
}
