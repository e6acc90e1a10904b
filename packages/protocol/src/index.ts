// Every LiveKit message, enum and service descriptor (named `<Service>Descriptor`, see the README). Prefer the per-file subpaths
// (`@exlivekit/protocol/room`, ...) in bundles; this root entry is for convenience. It holds the `livekit`
// and `logger` proto packages; `livekit.agent` (the files under `agent/`) reuses names such as ChatMessage
// and ServerInfo, so it is reached only through its subpaths, e.g. `@exlivekit/protocol/agent/agent_session`.

export * from "./gen/cloud_replay_entry.js";
export * from "./gen/livekit_agent_dispatch_entry.js";
export * from "./gen/livekit_agent_entry.js";
export * from "./gen/livekit_agent_simulation_entry.js";
export * from "./gen/livekit_agent_worker_entry.js";
export * from "./gen/livekit_agentdb_entry.js";
export * from "./gen/livekit_analytics_entry.js";
export * from "./gen/livekit_cloud_agent_entry.js";
export * from "./gen/livekit_connector_entry.js";
export * from "./gen/livekit_connector_twilio_entry.js";
export * from "./gen/livekit_connector_whatsapp_entry.js";
export * from "./gen/livekit_egress_entry.js";
export * from "./gen/livekit_ingress_entry.js";
export * from "./gen/livekit_metrics_entry.js";
export * from "./gen/livekit_models_entry.js";
export * from "./gen/livekit_phone_number_entry.js";
export * from "./gen/livekit_room_entry.js";
export * from "./gen/livekit_rtc_entry.js";
export * from "./gen/livekit_sip_entry.js";
export * from "./gen/livekit_token_source_entry.js";
export * from "./gen/livekit_webhook_entry.js";
export * from "./gen/logger/options_entry.js";
