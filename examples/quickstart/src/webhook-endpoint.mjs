// @ts-check
// The backend's own webhook endpoint: a plain node:http server that verifies every delivery with
// @exlivekit/webhook (signature, body hash, expiry) and keeps the decoded events for the demo to await.
import { createServer } from "node:http";
import { isWebhookError, WebhookReceiver } from "@exlivekit/webhook";
import { receiveNodeRequest } from "@exlivekit/webhook/node";

/** @typedef {import("@exlivekit/webhook").WebhookEvent} WebhookEvent */

/**
 * Listens on 127.0.0.1 (`port` 0 picks a free one) at `/livekit/webhook`. It verifies deliveries with
 * the credentials given to `trust()`; the server's must be known first, so until then it answers 503
 * (LiveKit retries a 503).
 * @param {{ port?: number }} [options]
 */
export async function startWebhookEndpoint({ port = 0 } = {}) {
  /** @type {WebhookReceiver | undefined} */
  let receiver;
  /** @type {WebhookEvent[]} */
  const events = [];
  /** @type {string[]} */
  const rejected = [];
  /** @type {Set<() => void>} */
  const waiters = new Set();

  const server = createServer(async (req, res) => {
    if (req.method !== "POST" || req.url !== "/livekit/webhook") {
      res.writeHead(404).end();
      return;
    }
    if (receiver === undefined) {
      res.writeHead(503).end("not ready");
      return;
    }
    try {
      const event = await receiveNodeRequest(receiver, req);
      events.push(event);
      for (const wake of waiters) wake();
      res.writeHead(200).end();
    } catch (error) {
      if (!isWebhookError(error)) {
        res.writeHead(500).end();
        return;
      }
      rejected.push(error.code);
      res.writeHead(error.status).end(error.code);
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(undefined));
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("webhook endpoint has no TCP address");

  /**
   * Resolves with the first verified event named `event` for `room`; rejects after `timeoutMs`.
   * @param {string} event
   * @param {string} room
   * @param {number} timeoutMs
   * @returns {Promise<WebhookEvent>}
   */
  function waitFor(event, room, timeoutMs) {
    const find = () => events.find((e) => e.event === event && e.room?.name === room);
    const found = find();
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const wake = () => {
        const match = find();
        if (match === undefined) return;
        clearTimeout(timer);
        waiters.delete(wake);
        resolve(match);
      };
      const timer = setTimeout(() => {
        waiters.delete(wake);
        const why = rejected.length > 0 ? `; rejected deliveries: ${rejected.join(", ")}` : "";
        reject(new Error(`no verified ${event} webhook for room ${room} within ${timeoutMs} ms${why}`));
      }, timeoutMs);
      waiters.add(wake);
    });
  }

  return {
    /** Verifies deliveries against this key pair from now on (the server's webhook.api_key and its secret). */
    trust(/** @type {{ apiKey: string, apiSecret: string }} */ { apiKey, apiSecret }) {
      receiver = new WebhookReceiver({ apiKey, apiSecret });
    },
    url: `http://127.0.0.1:${address.port}/livekit/webhook`,
    waitFor,
    /** Deliveries refused so far, by error code (a wrong key or an edited body shows up here). */
    rejected,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve(undefined));
      }),
  };
}
