// Every LiveKit message, enum and service descriptor. Prefer the per-file subpaths
// (`@exlivekit/protocol/room`, ...) in bundles; this root entry is for convenience.

export * from "./gen/livekit_agent_dispatch_pb.js";
export * from "./gen/livekit_agent_pb.js";
export * from "./gen/livekit_connector_pb.js";
export * from "./gen/livekit_connector_twilio_pb.js";
export * from "./gen/livekit_connector_whatsapp_pb.js";
export * from "./gen/livekit_egress_pb.js";
export * from "./gen/livekit_ingress_pb.js";
export * from "./gen/livekit_metrics_pb.js";
export * from "./gen/livekit_models_pb.js";
export * from "./gen/livekit_phone_number_pb.js";
export * from "./gen/livekit_room_pb.js";
export * from "./gen/livekit_rtc_pb.js";
export * from "./gen/livekit_sip_pb.js";
export * from "./gen/livekit_webhook_events.js";
export * from "./gen/livekit_webhook_pb.js";
export * from "./gen/logger/options_pb.js";
