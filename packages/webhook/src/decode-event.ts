import { readWebhookEventJson } from "@exlivekit/protocol/json/webhook";
import type { WebhookEvent as ProtoWebhookEvent } from "@exlivekit/protocol/webhook";
import { fromBinary } from "@exlivekit/protocol/wire/runtime";
import { decodeWebhookEvent } from "@exlivekit/protocol/wire/webhook";
import type { RawBody } from "./body-bytes.ts";
import type { WebhookEventName } from "./event-names.ts";
import { WebhookError } from "./webhook-error.ts";

/**
 * A verified LiveKit webhook event: the protobuf-es `livekit.WebhookEvent` message. `event` is one of the
 * names this SDK knows, or, from a newer server, any other string: compare it with a known name
 * (`event.event === "room_finished"`) or narrow with `isWebhookEventName(event.event)`. `createdAt` is a
 * `bigint` (int64).
 */
export type WebhookEvent = ProtoWebhookEvent & {
  /** Which event this is: a {@link WebhookEventName}, or a newer name this version does not list. */
  // `string & {}` keeps the known names offered by editors beside the open string.
  event: WebhookEventName | (string & {});
};

const utf8 = new TextDecoder("utf-8", { fatal: true });

function malformed(message: string, cause?: unknown): never {
  throw new WebhookError("malformed_body", message, { cause });
}

/**
 * Decodes verified body bytes. Unknown fields and enum values (a newer server) are ignored, and an event
 * name this SDK does not know is accepted: the delivery is authentic, and refusing it would only make the
 * server send it again and again.
 */
export function decodeEvent(body: RawBody): WebhookEvent {
  let json: unknown;
  try {
    json = JSON.parse(typeof body === "string" ? body : utf8.decode(body));
  } catch (cause) {
    malformed("webhook body is not UTF-8 JSON", cause);
  }
  return eventFromJson(json);
}

/** The event of a parsed JSON body (protobuf JSON of `livekit.WebhookEvent`), with `decodeEvent`'s checks. */
export function eventFromJson(json: unknown): WebhookEvent {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    malformed("webhook body is not a JSON object");
  }
  // Generated from the protocol: no descriptor, the same answers as protobuf-es's fromJson.
  let event: ProtoWebhookEvent;
  try {
    event = readWebhookEventJson(json);
  } catch (cause) {
    const reason = cause instanceof Error ? `: ${cause.message}` : "";
    malformed(`webhook body is not a livekit.WebhookEvent${reason}`, cause);
  }
  return named(event);
}

/** The event of protobuf binary bytes (`toBinary(WebhookEventSchema, event)`), with the same name checks. */
export function eventFromBinary(bytes: Uint8Array): WebhookEvent {
  let event: ProtoWebhookEvent;
  try {
    event = fromBinary(decodeWebhookEvent, bytes);
  } catch (cause) {
    const reason = cause instanceof Error ? `: ${cause.message}` : "";
    malformed(`bytes are not a binary livekit.WebhookEvent${reason}`, cause);
  }
  return named(event);
}

function named(event: ProtoWebhookEvent): WebhookEvent {
  if (event.event === "") malformed("webhook body has no event name");
  return event;
}
