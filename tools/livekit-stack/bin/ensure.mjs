#!/usr/bin/env node
// @ts-check
// Builds (or reuses) the pinned livekit-server and test-server binaries and makes sure redis-server
// exists. Prints where they are; exits 1 with the reason when something is missing.
import { ensureBinaries, ensureRedisServer } from "../src/index.js";

try {
  const log = (/** @type {string} */ message) => console.error(`[livekit-stack] ${message}`);
  const started = Date.now();
  const binaries = await ensureBinaries({ log });
  const redis = await ensureRedisServer({ log });
  const how = binaries.built ? `built in ${((Date.now() - started) / 1000).toFixed(1)} s` : "cached";
  console.log(`livekit-server ${binaries.version} (${how}): ${binaries.server}`);
  console.log(`test-server ${binaries.version}: ${binaries.testServer}`);
  console.log(`redis-server: ${redis}`);
} catch (error) {
  console.error(`livekit-stack: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
