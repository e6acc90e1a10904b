// @ts-check
import { freeTcpPort } from "./free-port.js";
import { startProcess } from "./managed-process.js";
import { randomCredentials } from "./token.js";
import { waitUntilReady } from "./wait-until-ready.js";

/** @import { MockStack } from "./types.js" */

/**
 * Starts the release's `test-server` mock on loopback: two region listeners (primary + one fallback)
 * and its own secret.
 * @param {string} binary path of test-server
 * @param {{ regions?: number, readyTimeoutMs?: number }} [options]
 * @returns {Promise<MockStack>}
 */
export async function startMockServer(binary, options = {}) {
  const ports = await distinctFreePorts(options.regions ?? 2);
  const { apiKey, apiSecret } = randomCredentials();
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith("LK_TEST_SERVER_")) delete env[name];
  const child = startProcess(
    `test-server (ports ${ports.join(",")})`,
    binary,
    [
      "--ports",
      ports.join(","),
      "--bind",
      "127.0.0.1",
      "--advertise-host",
      "http://127.0.0.1",
      "--api-secret",
      apiSecret,
    ],
    { env },
  );
  for (const port of ports)
    await waitUntilReady(child, `http://127.0.0.1:${port}/`, options.readyTimeoutMs ?? 15_000);
  const regionUrls = ports.map((port) => `http://127.0.0.1:${port}`);
  return {
    url: /** @type {string} */ (regionUrls[0]),
    apiKey,
    apiSecret,
    regionUrls,
    pids: [child.pid],
    ports,
    stop: child.stop,
  };
}

/** @param {number} count */
async function distinctFreePorts(count) {
  /** @type {Set<number>} */
  const ports = new Set();
  for (let attempt = 0; ports.size < count && attempt < count * 10; attempt += 1)
    ports.add(await freeTcpPort());
  return [...ports];
}
