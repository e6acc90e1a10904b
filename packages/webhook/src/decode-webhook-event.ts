import type { JsonValue } from "@bufbuild/protobuf";
import { tooLarge, toRawBody, type WebhookBody } from "./body-bytes.ts";
import { decodeEvent, eventFromBinary, eventFromJson, type WebhookEvent } from "./decode-event.ts";
import { DEFAULT_MAX_BODY_BYTES } from "./receiver-options.ts";
import { WebhookError } from "./webhook-error.ts";

/** Options of the decode helpers. */
export interface DecodeWebhookEventOptions {
  /** The largest input accepted, in bytes; default `DEFAULT_MAX_BODY_BYTES` (1 MiB), as the receiver. */
  readonly maxBodyBytes?: number;
}

function limit(options: DecodeWebhookEventOptions | undefined): number {
  const max = options?.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(max) || max < 1) {
    throw new WebhookError("invalid_options", `maxBodyBytes must be a positive integer, got ${String(max)}`);
  }
  return max;
}

/**
 * Decodes a `WebhookEvent` that reached you through your own transport (a queue, a log, a test fixture)
 * and was verified upstream, or needs no verification: the JSON body as text or bytes, or already parsed
 * with `JSON.parse`. **It checks no signature**: for an HTTP delivery from LiveKit use
 * `WebhookReceiver.receive`. Same decoding and errors as the receiver: `malformed_body`, `body_too_large`;
 * an event name newer than this version is accepted, as by the receiver.
 */
export function decodeWebhookEvent(
  body: WebhookBody | { readonly [key: string]: JsonValue },
  options?: DecodeWebhookEventOptions,
): WebhookEvent {
  const max = limit(options);
  // A parsed body is a plain object; bytes and buffers (of any realm) are not.
  const isParsed = Object.prototype.toString.call(body) === "[object Object]";
  return isParsed ? eventFromJson(body) : decodeEvent(toRawBody(body, max));
}

/**
 * Decodes a `WebhookEvent` stored as protobuf binary (`toBinary(WebhookEventSchema, event)` from
 * `@exlivekit/protocol/webhook`), e.g. by a queue producer. Checks no signature; errors as
 * `decodeWebhookEvent`.
 */
export function decodeWebhookEventBinary(
  bytes: Uint8Array,
  options?: DecodeWebhookEventOptions,
): WebhookEvent {
  const max = limit(options);
  if (!(bytes instanceof Uint8Array)) {
    throw new WebhookError("malformed_body", "a binary webhook event must be a Uint8Array");
  }
  if (bytes.byteLength > max) tooLarge(max);
  return eventFromBinary(bytes);
}
