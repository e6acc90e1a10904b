#!/usr/bin/env node
// `pnpm demo` (after building the packages it needs): the quickstart story against a real LiveKit
// server. See examples/quickstart/README.md. `pnpm demo browser`: a page that joins a room from the
// browser through the token endpoint. See examples/browser-join/README.md.

// The WebRTC participant (@livekit/rtc-node) logs at debug level unless NODE_ENV is production.
process.env["NODE_ENV"] ??= "production";

if (process.argv[2] === "browser") {
  const { runBrowserJoin } = await import("../examples/browser-join/src/main.mjs");
  process.exit(await runBrowserJoin());
}

const { runDemo } = await import("../examples/quickstart/src/main.mjs");
const code = await runDemo();
if (code === 0) console.log("Next: `pnpm demo browser` joins a room from a browser (examples/browser-join).");
// Exit explicitly: runDemo stopped everything it started, but the WebRTC binding may hold the loop open.
process.exit(code);
