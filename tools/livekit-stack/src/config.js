// @ts-check
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

const livekitJson = new URL("../../../livekit.json", import.meta.url);

/**
 * The pinned livekit-server release from the repository's livekit.json (the one pin).
 * @returns {string}
 */
export function pinnedServerVersion() {
  /** @type {{ server?: unknown }} */
  const pin = JSON.parse(readFileSync(livekitJson, "utf8"));
  if (typeof pin.server !== "string" || !/^v\d+\.\d+\.\d+$/.test(pin.server)) {
    throw new Error(
      `livekit.json: "server" must be a release like "v1.13.5", got ${JSON.stringify(pin.server)}`,
    );
  }
  return pin.server;
}

/**
 * Root of the binary cache: `$EXLIVEKIT_CACHE`, else `~/.cache/exlivekit`.
 * @returns {string}
 */
export function defaultCacheRoot() {
  const fromEnv = process.env["EXLIVEKIT_CACHE"];
  return fromEnv !== undefined && fromEnv !== "" ? fromEnv : join(homedir(), ".cache", "exlivekit");
}
