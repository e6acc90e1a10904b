// @ts-check
import { createServer } from "node:http";

/**
 * @typedef {object} StoredDelivery
 * @property {number} seq
 * @property {string} path the request's path and query (`/hook`, `/hook?node=2`)
 * @property {Record<string, string>} headers
 * @property {Buffer} body
 * @property {string | undefined} event
 * @property {string | undefined} room
 */

/**
 * @typedef {object} WebhookSinkServer
 * @property {string} url base URL; clients query `${url}/deliveries`
 * @property {string} hookUrl where the server should post webhooks
 * @property {number} port
 * @property {() => Promise<void>} stop
 */

const maxWaitMs = 60_000;
const maxBodyBytes = 4 * 1024 * 1024;

/**
 * Starts an HTTP endpoint on 127.0.0.1 that records every POST exactly as received and answers
 * queries over HTTP, because vitest's global setup (which owns it) and the test workers are different
 * processes.
 *
 * - `POST <any path>`: recorded, answered 200.
 * - `GET /deliveries?event=&room=&timeoutMs=&after=`: long-polls until at least one delivery matches
 *   (or the timeout passes) and returns `{ deliveries: [{ seq, path, headers, body (base64) }] }`.
 * - `DELETE /deliveries`: forgets all deliveries.
 * @returns {Promise<WebhookSinkServer>}
 */
export async function startWebhookSinkServer() {
  /** @type {StoredDelivery[]} */
  let deliveries = [];
  /** @type {Set<() => void>} */
  const waiters = new Set();
  let seq = 0;

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (req.method === "POST") {
      /** @type {Buffer[]} */
      const chunks = [];
      let size = 0;
      req.on("data", (/** @type {Buffer} */ chunk) => {
        size += chunk.length;
        if (size <= maxBodyBytes) chunks.push(chunk);
      });
      req.on("end", () => {
        const body = Buffer.concat(chunks);
        /** @type {Record<string, string>} */
        const headers = {};
        for (const [name, value] of Object.entries(req.headers)) {
          if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
        }
        const { event, room } = describe(body);
        seq += 1;
        deliveries.push({ seq, path: url.pathname + url.search, headers, body, event, room });
        for (const wake of waiters) wake();
        res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      });
      return;
    }
    if (url.pathname === "/deliveries" && req.method === "DELETE") {
      deliveries = [];
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === "/deliveries" && req.method === "GET") {
      const event = url.searchParams.get("event") ?? undefined;
      const room = url.searchParams.get("room") ?? undefined;
      const after = Number(url.searchParams.get("after") ?? "0") || 0;
      const timeoutMs = Math.min(
        Math.max(Number(url.searchParams.get("timeoutMs") ?? "0") || 0, 0),
        maxWaitMs,
      );
      const matching = () =>
        deliveries.filter(
          (d) =>
            d.seq > after &&
            (event === undefined || d.event === event) &&
            (room === undefined || d.room === room),
        );
      const answer = () =>
        res.writeHead(200, { "content-type": "application/json" }).end(
          JSON.stringify({
            deliveries: matching().map((d) => ({
              seq: d.seq,
              path: d.path,
              headers: d.headers,
              body: d.body.toString("base64"),
            })),
          }),
        );
      if (timeoutMs === 0 || matching().length > 0) {
        answer();
        return;
      }
      const done = () => {
        clearTimeout(timer);
        waiters.delete(check);
        req.off("close", onClose);
      };
      const check = () => {
        if (matching().length === 0) return;
        done();
        answer();
      };
      const onClose = () => done();
      const timer = setTimeout(() => {
        done();
        answer();
      }, timeoutMs);
      waiters.add(check);
      // A client that gives up must not leave a waiter (or keep the sink from closing).
      res.on("close", onClose);
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" }).end("not found");
  });
  server.keepAliveTimeout = 1000;

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(undefined));
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    hookUrl: `${url}/hook`,
    port,
    stop: () =>
      new Promise((resolve) => {
        for (const wake of waiters) wake();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * @param {Buffer} body
 * @returns {{ event: string | undefined, room: string | undefined }}
 */
function describe(body) {
  try {
    /** @type {{ event?: unknown, room?: { name?: unknown } }} */
    const json = JSON.parse(body.toString("utf8"));
    return {
      event: typeof json.event === "string" ? json.event : undefined,
      room: typeof json.room?.name === "string" ? json.room.name : undefined,
    };
  } catch {
    return { event: undefined, room: undefined };
  }
}
