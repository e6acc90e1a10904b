import { WEBHOOK_EVENT_NAMES } from "@exlivekit/protocol/webhook";

/**
 * Every event name the LiveKit protocol defines, generated from the protocol release the tested server
 * uses (its Go `webhook.Event*` constants): no hand-kept list to fall behind.
 */
export { WEBHOOK_EVENT_NAMES };

/** A webhook event name the protocol defines. */
export type WebhookEventName = (typeof WEBHOOK_EVENT_NAMES)[number];

const known: ReadonlySet<string> = new Set(WEBHOOK_EVENT_NAMES);

/** True when `name` is one of {@link WEBHOOK_EVENT_NAMES}. */
export function isWebhookEventName(name: string): name is WebhookEventName {
  return known.has(name);
}
