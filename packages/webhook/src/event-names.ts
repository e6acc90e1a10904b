/**
 * Every event name a LiveKit server sends, as listed by the `WebhookEvent.event` comment of
 * https://github.com/livekit/protocol/blob/v1.54.1/protobufs/livekit_webhook.proto (the pinned protocol).
 */
export const WEBHOOK_EVENT_NAMES = [
  "room_started",
  "room_finished",
  "participant_joined",
  "participant_left",
  "participant_connection_aborted",
  "track_published",
  "track_unpublished",
  "egress_started",
  "egress_updated",
  "egress_ended",
  "ingress_started",
  "ingress_ended",
  "agent_job_pending",
  "agent_job_started",
  "agent_job_ended",
] as const;

/** A known webhook event name. */
export type WebhookEventName = (typeof WEBHOOK_EVENT_NAMES)[number];

const known: ReadonlySet<string> = /* @__PURE__ */ new Set(WEBHOOK_EVENT_NAMES);

/** True when `name` is one of {@link WEBHOOK_EVENT_NAMES}. */
export function isWebhookEventName(name: string): name is WebhookEventName {
  return known.has(name);
}
