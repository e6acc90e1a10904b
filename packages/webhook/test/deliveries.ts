import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import type { WebhookEvent } from "../src/index.ts";
import { isWebhookError, type WebhookReceiver } from "../src/index.ts";
import { receiveNodeRequest } from "../src/node.ts";

/** One POST the server made to our endpoint, as received. */
export interface Received {
  path: "/node" | "/web" | "/raw";
  /** The decoded event (`/node`, `/web`), or undefined for `/raw`, which only records. */
  event?: WebhookEvent;
  /** A WebhookError code if verification failed. */
  error?: string;
  /** `/raw` only: the exact body bytes and the headers. */
  body?: Uint8Array;
  headers: IncomingMessage["headers"];
}

/**
 * A real HTTP endpoint for a livekit-server to post webhooks to. `/node` verifies with the Node helper,
 * `/web` turns the request into a web-standard Request (as Hono's and other Node adapters do) and uses
 * receiveRequest, `/raw` keeps the exact bytes for the test to verify itself. `receiverFor` is asked per
 * request, because the endpoint must exist (its URL goes into the server's config) before the keys do.
 */
export async function startWebhookEndpoint(receiverFor: () => WebhookReceiver) {
  const received: Received[] = [];
  const waiters = new Set<() => void>();

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = req.url as Received["path"];
    const entry: Received = { path, headers: req.headers };
    const receiver = receiverFor();
    try {
      if (path === "/raw") {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        entry.body = new Uint8Array(Buffer.concat(chunks));
      } else if (path === "/node") {
        entry.event = await receiveNodeRequest(receiver, req);
      } else {
        const request = new Request(`http://${req.headers.host}${req.url}`, {
          method: req.method ?? "POST",
          headers: req.headers as Record<string, string>,
          body: Readable.toWeb(req) as ReadableStream<Uint8Array>,
          duplex: "half",
        } as RequestInit);
        entry.event = await receiver.receiveRequest(request);
      }
      res.writeHead(200).end();
    } catch (error) {
      entry.error = isWebhookError(error) ? error.code : `untyped: ${String(error)}`;
      res.writeHead(isWebhookError(error) ? error.status : 500).end();
    }
    received.push(entry);
    for (const wake of waiters) wake();
  }

  const server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    urls: [`${base}/node`, `${base}/web`, `${base}/raw`],
    received,
    /** Resolves with the first delivery matching `match`, waiting at most `timeoutMs`. */
    async waitFor(match: (r: Received) => boolean, timeoutMs: number, what: string): Promise<Received> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find(match);
        if (found) return found;
        const left = deadline - Date.now();
        if (left <= 0) {
          const seen = received.map((r) => `${r.path}:${r.event?.event ?? r.error ?? "raw"}`).join(", ");
          throw new Error(
            `timed out after ${timeoutMs} ms waiting for ${what}; received: ${seen || "nothing"}`,
          );
        }
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            waiters.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, left);
          waiters.add(wake);
        });
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
