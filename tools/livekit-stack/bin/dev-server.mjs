#!/usr/bin/env node
// @ts-check
// `pnpm dev:server`: the test stack (livekit-server + Redis + webhook sink) in the foreground for a
// human, until Ctrl-C or SIGTERM.
import { startStack } from "../src/index.js";

const stack = await startStack({ redis: true }).catch((/** @type {unknown} */ error) => {
  console.error(`livekit-stack: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

console.log(`LIVEKIT_URL=${stack.wsUrl}`);
console.log(`LIVEKIT_API_KEY=${stack.apiKey}`);
console.log(`LIVEKIT_API_SECRET=${stack.apiSecret}`);
console.log(`# HTTP (Twirp): ${stack.url}`);
console.log(`# webhook sink: ${stack.sinkUrl} (GET ${stack.sinkUrl}/deliveries lists what arrived)`);
console.log("# Ctrl-C stops everything.");

let stopping = false;
for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping`);
    stack.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
