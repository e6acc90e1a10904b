// @ts-check
import { connect } from "node:net";
import { freeTcpPort } from "./free-port.js";
import { settlesWithin, startProcess } from "./managed-process.js";

/**
 * Starts a private, memory-only Redis on 127.0.0.1 and waits until it answers PING.
 * @param {string} command the redis-server command
 * @param {{ readyTimeoutMs?: number }} [options]
 * @returns {Promise<{ pid: number, port: number, address: string, stop: () => Promise<void> }>}
 */
export async function startRedis(command, options = {}) {
  // Same race as for the server: a parallel run may take the port first.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOnce(command, options);
    } catch (error) {
      if (attempt >= 3 || !String(error).includes("Address already in use")) throw error;
    }
  }
}

/**
 * @param {string} command
 * @param {{ readyTimeoutMs?: number }} options
 * @returns {Promise<{ pid: number, port: number, address: string, stop: () => Promise<void> }>}
 */
async function startOnce(command, options) {
  const port = await freeTcpPort();
  const child = startProcess(`redis-server (port ${port})`, command, [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--save",
    "",
    "--appendonly",
    "no",
  ]);
  const deadline = Date.now() + (options.readyTimeoutMs ?? 15_000);
  while (Date.now() < deadline && child.alive()) {
    if (child.output().includes("Ready to accept connections") && (await pingRedis(port))) {
      return { pid: child.pid, port, address: `127.0.0.1:${port}`, stop: child.stop };
    }
    await settlesWithin(child.exited, 50);
  }
  await child.stop();
  throw new Error(`${child.name} did not become ready. Its output:\n${child.output().trim() || "(none)"}`);
}

/**
 * Sends an inline PING over a plain socket, so no redis-cli is needed.
 * @param {number} port
 * @returns {Promise<boolean>}
 */
function pingRedis(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    let reply = "";
    const finish = (/** @type {boolean} */ ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => finish(false));
    socket.once("error", () => finish(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString("utf8");
      if (reply.includes("\r\n")) finish(reply.startsWith("+PONG"));
    });
  });
}
