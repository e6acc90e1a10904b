/// <reference types="node" />
import type { IncomingMessage, ServerResponse } from "node:http";
import { TokenError } from "./errors.ts";
import type { TokenEndpoint } from "./token-endpoint.ts";

/** A Node request, possibly with a body a framework already read into `req.body`. */
export type NodeTokenRequest = IncomingMessage & {
  /** Raw bytes or text are used as they are; a parsed JSON object (express.json()) is used as parsed. */
  body?: unknown;
};

/** Options of {@link handleNodeRequest}. */
export interface NodeRequestOptions {
  /** The body when the framework keeps it elsewhere than `req.body` (Fastify: `request.body`). */
  body?: unknown;
}

/**
 * Serves a token endpoint on Node's `(req, res)`: node:http, Express, Fastify (`request.raw`,
 * `reply.raw`), Koa, NestJS. Streams an untouched body to the endpoint (which stops at its
 * `maxBodyBytes`), or takes the one a framework already read.
 *
 * @example
 * ```ts
 * const endpoint = createTokenEndpoint({ authorize });
 * http.createServer((req, res) => handleNodeRequest(endpoint, req, res));
 * ```
 * @throws TokenError `invalid_option` when something else consumed the body and kept nothing
 */
export async function handleNodeRequest(
  endpoint: TokenEndpoint,
  req: NodeTokenRequest,
  res: ServerResponse,
  options: NodeRequestOptions = {},
): Promise<void> {
  const response = await endpoint(toWebRequest(req, "body" in options ? options.body : req.body));
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    res.setHeader(name, value);
  });
  // Whatever the endpoint did not read (past its cap, or a refused request) is not read here either:
  // close the connection after the answer instead of draining the upload.
  if (!req.readableEnded) res.setHeader("connection", "close");
  res.end(new Uint8Array(await response.arrayBuffer()));
}

function toWebRequest(req: IncomingMessage, given: unknown): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(":")) continue; // HTTP/2 pseudo-headers
    headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const method = req.method ?? "GET";
  const init: RequestInit & { duplex?: "half" } = { method, headers };
  if (method === "POST") {
    if (typeof given === "string" || given instanceof Uint8Array) {
      init.body = given as string | Uint8Array<ArrayBuffer>;
    } else if (!req.readableDidRead && !req.readableEnded) {
      // Untouched (a parser that skipped this content type may have left `{}` in req.body).
      init.body = streamOf(req);
      init.duplex = "half";
    } else if (typeof given === "object" && given !== null) {
      init.body = JSON.stringify(given); // parsed by the framework, under its own size limit
    } else {
      throw new TokenError(
        "invalid_option",
        "the request body was already consumed and nothing kept it: pass the untouched request, or the " +
          "body the framework read (handleNodeRequest(endpoint, req, res, { body }))",
      );
    }
  }
  return new Request(requestUrl(req), init);
}

function requestUrl(req: IncomingMessage): string {
  const scheme = (req.socket as { encrypted?: boolean }).encrypted === true ? "https" : "http";
  try {
    return new URL(req.url ?? "/", `${scheme}://${req.headers.host ?? "localhost"}`).href;
  } catch {
    return new URL(req.url ?? "/", `${scheme}://localhost`).href;
  }
}

/** The request as a web stream that reads only as fast as the endpoint pulls; cancelling just stops. */
function streamOf(req: IncomingMessage): ReadableStream<Uint8Array> {
  let settled = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.pause();
      req.on("data", (chunk: Buffer) => {
        if (settled) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        req.pause();
      });
      req.once("end", () => {
        if (!settled) controller.close();
        settled = true;
      });
      req.once("error", (error) => {
        if (!settled) controller.error(error);
        settled = true;
      });
      req.once("close", () => {
        if (!settled) controller.error(new Error("the client closed the request before its end"));
        settled = true;
      });
    },
    pull() {
      req.resume();
    },
    cancel() {
      settled = true;
      req.pause();
    },
  });
}
