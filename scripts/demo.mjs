#!/usr/bin/env node
// `pnpm demo` (after building the packages it needs): the quickstart story against a real LiveKit
// server. See examples/quickstart/README.md.

// The WebRTC participant (@livekit/rtc-node) logs at debug level unless NODE_ENV is production.
process.env["NODE_ENV"] ??= "production";
const { runDemo } = await import("../examples/quickstart/src/main.mjs");

// Exit explicitly: runDemo stopped everything it started, but the WebRTC binding may hold the loop open.
process.exit(await runDemo());
