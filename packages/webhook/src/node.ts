/// <reference types="node" />
import type { IncomingMessage } from "node:http";
import { tokenFromAuthorization } from "./authorization.ts";
import type { WebhookEvent } from "./decode-event.ts";
import { WebhookError } from "./webhook-error.ts";
import type { WebhookReceiver } from "./webhook-receiver.ts";

/** A Node request, possibly decorated by a framework that parsed (or buffered) the body into `req.body`. */
export type NodeWebhookRequest = IncomingMessage & {
  /** What a framework stored: raw bytes or text are used as they are; a parsed object is refused. */
  body?: unknown;
};

const consumedAdvice =
  'Express: mount express.raw({ type: "application/webhook+json" }) on the webhook route (before or ' +
  "instead of express.json()); Fastify: add a content type parser for application/webhook+json with " +
  '{ parseAs: "buffer" }; otherwise pass the untouched request or call receiver.receive(rawBytes, authorization)';

const parsedBodyAdvice =
  "the body was already parsed into an object, but the signature covers the exact bytes the server sent. " +
  consumedAdvice;

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function isRawBody(body: unknown): body is string | Uint8Array {
  return typeof body === "string" || body instanceof Uint8Array;
}

/** Reads the request stream into one buffer, giving up as soon as it grows past `maxBodyBytes`. */
function readNodeBody(req: IncomingMessage, maxBodyBytes: number): Promise<Uint8Array> {
  const declared = Number(req.headers["content-length"]);
  if (declared > maxBodyBytes) {
    return Promise.reject(
      new WebhookError("body_too_large", `webhook body is larger than maxBodyBytes (${maxBodyBytes})`),
    );
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("aborted", onAborted);
    };
    const fail = (error: WebhookError) => {
      cleanup();
      reject(error);
    };
    const onData = (chunk: Buffer | string) => {
      const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      size += buffer.byteLength;
      if (size > maxBodyBytes) {
        // Stop buffering; discard the rest so the response (a 413) can still be written.
        fail(
          new WebhookError("body_too_large", `webhook body is larger than maxBodyBytes (${maxBodyBytes})`),
        );
        req.resume();
        return;
      }
      chunks.push(buffer);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (cause: Error) =>
      fail(new WebhookError("body_read_failed", "reading the webhook request body failed", { cause }));
    const onAborted = () => fail(new WebhookError("body_read_failed", "the webhook request was aborted"));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("aborted", onAborted);
  });
}

/**
 * Verifies a webhook delivered to a Node `http` server, Express, Koa, NestJS or any framework exposing the
 * `IncomingMessage`. Reads the raw body itself (bounded by the receiver's `maxBodyBytes`), or uses
 * `req.body` when a raw-body middleware already buffered it (Buffer or string). A body already parsed into
 * an object is refused with `body_already_parsed` and advice on the fix.
 *
 * @example
 * ```ts
 * http.createServer(async (req, res) => {
 *   const event = await receiveNodeRequest(receiver, req);
 * });
 * ```
 */
export async function receiveNodeRequest(
  // Structural, so a receiver from the web build (a bundler resolving without the `node` condition) fits too.
  receiver: Pick<WebhookReceiver, "receive" | "maxBodyBytes">,
  req: NodeWebhookRequest,
): Promise<WebhookEvent> {
  // Refuse unsigned requests before anything else; the receiver verifies the token before reading the body.
  const authorization = headerValue(req.headers.authorization);
  tokenFromAuthorization(authorization);
  const { body } = req;
  if (isRawBody(body)) return receiver.receive(body, authorization);
  if (req.readableDidRead || req.readableEnded) {
    throw new WebhookError(
      "body_already_parsed",
      body === undefined ? `the request body was already consumed; ${consumedAdvice}` : parsedBodyAdvice,
    );
  }
  // A parser that skipped this content type (Express 4's json() leaves `{}`) has not touched the stream.
  return receiver.receive(() => readNodeBody(req, receiver.maxBodyBytes), authorization);
}
