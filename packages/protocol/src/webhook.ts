// The `@exlivekit/protocol/webhook` entry: livekit_webhook.proto's messages and the event names the
// protocol defines for them.
export * from "./gen/livekit_webhook_events.js";
export * from "./gen/livekit_webhook_pb.js";
