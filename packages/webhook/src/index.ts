// Public API of @exlivekit/webhook. Web-standard only: the Node request helper lives at
// "@exlivekit/webhook/node", and Node builds swap in node:crypto for the body hash.

export type { WebhookBody } from "./body-bytes.ts";
export type { WebhookEvent } from "./decode-event.ts";
export {
  type DecodeWebhookEventOptions,
  decodeWebhookEvent,
  decodeWebhookEventBinary,
} from "./decode-webhook-event.ts";
export { isWebhookEventName, WEBHOOK_EVENT_NAMES, type WebhookEventName } from "./event-names.ts";
export {
  DEFAULT_CLOCK_TOLERANCE_SECONDS,
  DEFAULT_MAX_BODY_BYTES,
  type WebhookKeyPair,
  type WebhookKeySet,
  type WebhookReceiverOptions,
} from "./receiver-options.ts";
export {
  isWebhookError,
  WebhookError,
  type WebhookErrorCode,
  type WebhookErrorOptions,
  webhookErrorStatus,
} from "./webhook-error.ts";
export { WEBHOOK_AUTHORIZATION_HEADER, WEBHOOK_CONTENT_TYPE } from "./webhook-headers.ts";
export { type WebhookBodyReader, WebhookReceiver } from "./webhook-receiver.ts";
