// @ts-check
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

const livekitJson = new URL("../../../livekit.json", import.meta.url);

/**
 * One release pin of the repository's livekit.json, checked to look like `v1.2.3`.
 * @param {"server" | "protocol"} key
 * @returns {string}
 */
function readPin(key) {
  /** @type {Record<string, unknown>} */
  const pin = JSON.parse(readFileSync(livekitJson, "utf8"));
  const value = pin[key];
  if (typeof value !== "string" || !/^v\d+\.\d+\.\d+$/.test(value)) {
    throw new Error(`livekit.json: "${key}" must be a release like "v1.13.5", got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * The pinned livekit-server release from the repository's livekit.json: what the tests build and run.
 * @returns {string}
 */
export function pinnedServerVersion() {
  return readPin("server");
}

/**
 * The pinned github.com/livekit/protocol release from livekit.json: what @exlivekit/protocol is generated
 * from. Independent of the server pin, so users get the newest public API while the tests prove wire
 * compatibility with the server we can run.
 * @returns {string}
 */
export function pinnedProtocolVersion() {
  return readPin("protocol");
}

/**
 * Root of the binary cache: `$EXLIVEKIT_CACHE`, else `~/.cache/exlivekit`.
 * @returns {string}
 */
export function defaultCacheRoot() {
  const fromEnv = process.env["EXLIVEKIT_CACHE"];
  return fromEnv !== undefined && fromEnv !== "" ? fromEnv : join(homedir(), ".cache", "exlivekit");
}
