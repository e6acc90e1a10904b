// @ts-check
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startProcess } from "./managed-process.js";
import { waitUntilReady } from "./wait-until-ready.js";

/**
 * @typedef {object} LiveKitServerOptions
 * @property {string} binary path of livekit-server
 * @property {string} apiKey
 * @property {string} apiSecret
 * @property {string[]} webhookUrls
 * @property {string} [redisAddress] `127.0.0.1:<port>`; omitted: no Redis
 * @property {number} port HTTP port
 * @property {number} tcpPort RTC TCP port
 * @property {number} udpPort RTC UDP port
 * @property {number} [readyTimeoutMs]
 */

/**
 * @typedef {object} RunningLiveKitServer
 * @property {number} pid
 * @property {number} port
 * @property {number} tcpPort
 * @property {number} udpPort
 * @property {string} nodeId the id the server registered under (`ND_...`), from its start-up log
 * @property {() => string} output
 * @property {() => Promise<void>} stop
 * @property {() => Promise<void>} kill SIGKILL, as in a crash
 */

/**
 * Starts livekit-server on loopback with a generated config and waits until it serves HTTP. The caller
 * picks the ports (stack.js reserves them for the node's whole life).
 * @param {LiveKitServerOptions} options
 * @returns {Promise<RunningLiveKitServer>}
 */
export async function startLiveKitServer(options) {
  const { port, tcpPort, udpPort } = options;
  const config = {
    port,
    bind_addresses: ["127.0.0.1"],
    keys: { [options.apiKey]: options.apiSecret },
    rtc: {
      tcp_port: tcpPort,
      udp_port: udpPort,
      use_external_ip: false,
      enable_loopback_candidate: true,
      node_ip: "127.0.0.1",
    },
    webhook: { api_key: options.apiKey, urls: options.webhookUrls },
    ...(options.redisAddress === undefined ? {} : { redis: { address: options.redisAddress } }),
  };
  const dir = await mkdtemp(join(tmpdir(), "exlivekit-server-"));
  const configPath = join(dir, "livekit.yaml");
  // JSON is valid YAML and needs no quoting rules for the random key and secret.
  await writeFile(configPath, JSON.stringify(config, null, 2), { mode: 0o600 });
  const env = { ...process.env };
  for (const name of ["LIVEKIT_CONFIG", "LIVEKIT_KEYS", "REDIS_HOST", "NODE_IP", "UDP_PORT"])
    delete env[name];
  const child = startProcess(`livekit-server (port ${port})`, options.binary, ["--config", configPath], {
    env,
  });
  try {
    await waitUntilReady(child, `http://127.0.0.1:${port}/`, options.readyTimeoutMs ?? 30_000);
  } finally {
    // The server reads its config once at start: removing it now leaves no secret behind in /tmp,
    // even when this process is killed later.
    await rm(dir, { recursive: true, force: true });
  }
  return {
    pid: child.pid,
    nodeId: nodeIdIn(child.output()),
    port,
    tcpPort,
    udpPort,
    output: child.output,
    stop: child.stop,
    kill: child.kill,
  };
}

/**
 * The node id from the server's start-up line (`"nodeID": "ND_..."`); empty when the log format changed.
 * @param {string} output
 */
function nodeIdIn(output) {
  return /"nodeID":\s*"([^"]+)"/.exec(output)?.[1] ?? "";
}
