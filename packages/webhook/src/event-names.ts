import { WEBHOOK_EVENT_NAMES } from "./gen/event-names.ts";

// The list is generated from the pinned protocol release (`pnpm generate`); a server may send names newer
// than it, which the receiver passes through (see isWebhookEventName).
export { WEBHOOK_EVENT_NAMES };

/** A known webhook event name. */
export type WebhookEventName = (typeof WEBHOOK_EVENT_NAMES)[number];

const known: ReadonlySet<string> = /* @__PURE__ */ new Set(WEBHOOK_EVENT_NAMES);

/** True when `name` is one of {@link WEBHOOK_EVENT_NAMES}. */
export function isWebhookEventName(name: string): name is WebhookEventName {
  return known.has(name);
}
