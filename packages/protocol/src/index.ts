// Every LiveKit message, enum and service descriptor. Prefer the per-file subpaths
// (`@exlivekit/protocol/room`, ...) in bundles; this root entry is for convenience. It holds the `livekit`
// and `logger` proto packages; `livekit.agent` (the files under `agent/`) reuses names such as ChatMessage
// and ServerInfo, so it is reached only through its subpaths, e.g. `@exlivekit/protocol/agent/agent_session`.

export * from "./gen/cloud_replay_pb.js";
export * from "./gen/livekit_agent_dispatch_pb.js";
export * from "./gen/livekit_agent_pb.js";
export * from "./gen/livekit_agent_simulation_pb.js";
export * from "./gen/livekit_agent_worker_pb.js";
export * from "./gen/livekit_agentdb_pb.js";
export * from "./gen/livekit_analytics_pb.js";
export * from "./gen/livekit_cloud_agent_pb.js";
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
export * from "./gen/livekit_token_source_pb.js";
export * from "./gen/livekit_webhook_pb.js";
export * from "./gen/logger/options_pb.js";
