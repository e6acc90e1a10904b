import { WebhookError } from "./webhook-error.ts";

/** The raw body as the server sent it. A string is taken as its UTF-8 bytes. */
export type WebhookBody = string | Uint8Array | ArrayBuffer;

const encoder = new TextEncoder();

function tooLarge(maxBodyBytes: number): never {
  throw new WebhookError("body_too_large", `webhook body is larger than maxBodyBytes (${maxBodyBytes})`);
}

function isArrayBuffer(value: object): value is ArrayBuffer {
  // instanceof fails across realms (edge-runtime VMs, workers); the brand tag does not.
  const tag = Object.prototype.toString.call(value);
  return tag === "[object ArrayBuffer]" || tag === "[object SharedArrayBuffer]";
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * Turns any accepted body into bytes, refusing oversize ones before copying, and refusing bodies a
 * framework already parsed (their original bytes, which the signature covers, are gone).
 */
export function toBodyBytes(body: unknown, maxBodyBytes: number): Uint8Array {
  if (typeof body === "string") {
    // Every UTF-16 unit encodes to at least one byte, so this rejects huge strings before encoding them.
    if (body.length > maxBodyBytes) tooLarge(maxBodyBytes);
    const bytes = encoder.encode(body);
    if (bytes.byteLength > maxBodyBytes) tooLarge(maxBodyBytes);
    return bytes;
  }
  if (typeof body === "object" && body !== null) {
    if (ArrayBuffer.isView(body)) {
      if (body.byteLength > maxBodyBytes) tooLarge(maxBodyBytes);
      return body instanceof Uint8Array
        ? body
        : new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
    }
    if (isArrayBuffer(body)) {
      if (body.byteLength > maxBodyBytes) tooLarge(maxBodyBytes);
      return new Uint8Array(body);
    }
  }
  throw new WebhookError(
    "body_already_parsed",
    `webhook body must be the raw bytes (string, Uint8Array or ArrayBuffer), got ${describe(body)}: ` +
      "the signature covers the exact bytes the server sent, so read the raw body instead of parsed JSON " +
      '(Express: express.raw({ type: "application/webhook+json" }); web Request: receiveRequest(request))',
  );
}
