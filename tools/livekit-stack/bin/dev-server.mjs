#!/usr/bin/env node
// @ts-check
// `pnpm dev:server [--nodes N]`: the test stack (livekit-server + Redis + webhook sink, or N servers
// sharing the Redis as one cluster) in the foreground for a human, until Ctrl-C or SIGTERM.
import { parseArgs } from "node:util";
import { startStack } from "../src/index.js";

/**
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  console.error(`livekit-stack: ${message}`);
  process.exit(1);
}

/** @type {{ nodes?: string | undefined }} */
let values = {};
try {
  ({ values } = parseArgs({ options: { nodes: { type: "string" } } }));
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}\nusage: pnpm dev:server [--nodes N]`);
}
const nodes = values.nodes === undefined ? 1 : Number(values.nodes);
if (!Number.isInteger(nodes) || nodes < 1 || nodes > 16) fail(`--nodes takes 1 to 16, got ${values.nodes}`);

const stack = await startStack({ redis: true, nodes }).catch((/** @type {unknown} */ error) =>
  fail(error instanceof Error ? error.message : String(error)),
);

// A comma-separated LIVEKIT_URL is how the SDK's Client learns every node of a cluster.
console.log(`LIVEKIT_URL=${stack.nodes.map((node) => node.wsUrl).join(",")}`);
console.log(`LIVEKIT_API_KEY=${stack.apiKey}`);
console.log(`LIVEKIT_API_SECRET=${stack.apiSecret}`);
for (const [i, node] of stack.nodes.entries()) {
  console.log(
    `# node ${i + 1}: HTTP (Twirp) ${node.url}, RTC TCP ${node.tcpPort}, RTC UDP ${node.udpPort}, id ${node.nodeId}`,
  );
}
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
