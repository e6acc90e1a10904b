import { readdirSync } from "node:fs";
import { defineConfig } from "tsup";
import { libraryBuild } from "../../tsup.shared.ts";

// The descriptor-free codecs: `@exlivekit/protocol/wire/room` (binary) for src/gen/livekit_room_wire.ts,
// `@exlivekit/protocol/json/room` (JSON) for livekit_room_json.ts, and the helpers they share as
// `@exlivekit/protocol/wire/runtime`.
const wireEntries = Object.fromEntries(
  readdirSync("src/gen", { recursive: true, encoding: "utf8" }).flatMap((file) => {
    const match = /^(?:livekit_)?(.+)_(wire|json)\.ts$/.exec(file);
    return match === null ? [] : [[`${match[2]}/${match[1]}`, `src/gen/${file}`]];
  }),
);

// One entry per .proto file, so `@exlivekit/protocol/room` pulls only what rooms need.
export default defineConfig(
  libraryBuild({
    index: "src/index.ts",
    models: "src/gen/livekit_models_pb.ts",
    room: "src/gen/livekit_room_pb.ts",
    metrics: "src/gen/livekit_metrics_pb.ts",
    egress: "src/gen/livekit_egress_pb.ts",
    ingress: "src/gen/livekit_ingress_pb.ts",
    sip: "src/gen/livekit_sip_pb.ts",
    agent: "src/gen/livekit_agent_pb.ts",
    agent_dispatch: "src/gen/livekit_agent_dispatch_pb.ts",
    webhook: "src/gen/livekit_webhook_pb.ts",
    rtc: "src/gen/livekit_rtc_pb.ts",
    connector: "src/gen/livekit_connector_pb.ts",
    connector_twilio: "src/gen/livekit_connector_twilio_pb.ts",
    connector_whatsapp: "src/gen/livekit_connector_whatsapp_pb.ts",
    phone_number: "src/gen/livekit_phone_number_pb.ts",
    "logger/options": "src/gen/logger/options_pb.ts",
    "wire/runtime": "src/wire-runtime.ts",
    ...wireEntries,
  }),
);
