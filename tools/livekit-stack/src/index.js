// @ts-check
// Runtime barrel: plain ESM so `node` CLIs can import it without a build; types live in index.d.ts.
export { ensureBinaries } from "./binaries.js";
export { runChaos } from "./chaos.js";
export { pinnedProtocolVersion, pinnedServerVersion } from "./config.js";
export { joinParticipant } from "./participant.js";
export { ensureRedisServer } from "./redis-binary.js";
export { startMock, startStack } from "./stack.js";
export { mintToken } from "./token.js";
export { webhookSink } from "./webhook-sink.js";
