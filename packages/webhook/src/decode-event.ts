import type { WebhookEvent as ProtoWebhookEvent } from "@exlivekit/protocol/webhook";
import { readWebhookEventJson } from "@exlivekit/protocol/json/webhook";
import type { RawBody } from "./body-bytes.ts";
import { isWebhookEventName, type WebhookEventName } from "./event-names.ts";
import { WebhookError } from "./webhook-error.ts";

/**
 * A verified LiveKit webhook event: the protobuf-es `livekit.WebhookEvent` message with `event` narrowed
 * to the names this SDK knows. `createdAt` is a `bigint` (int64).
 */
export type WebhookEvent = ProtoWebhookEvent & {
  /** Which event this is, narrowed to the names LiveKit sends. */
  event: WebhookEventName;
};

const utf8 = new TextDecoder("utf-8", { fatal: true });

function malformed(message: string, cause?: unknown): never {
  throw new WebhookError("malformed_body", message, { cause });
}

/**
 * Decodes verified body bytes. Unknown fields and enum values (a newer server) are ignored; a name this SDK
 * does not know is reported as `unknown_event`, carrying the decoded event.
 */
export function decodeEvent(body: RawBody): WebhookEvent {
  let json: unknown;
  try {
    json = JSON.parse(typeof body === "string" ? body : utf8.decode(body));
  } catch (cause) {
    malformed("webhook body is not UTF-8 JSON", cause);
  }
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
  if (event.event === "") malformed("webhook body has no event name");
  if (!isWebhookEventName(event.event)) {
    throw new WebhookError(
      "unknown_event",
      `webhook event "${event.event.slice(0, 64)}" is authentic but unknown to this SDK version`,
      { event },
    );
  }
  return event as WebhookEvent;
}
