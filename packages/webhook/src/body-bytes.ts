import { describeValue } from "@exlivekit/internal";
import { WebhookError } from "./webhook-error.ts";

/** The raw body as the server sent it. A string is taken as its UTF-8 bytes. */
export type WebhookBody = string | Uint8Array | ArrayBuffer;

/**
 * A body ready to hash and parse: bytes, or a well-formed string (whose UTF-8 bytes are what gets hashed),
 * kept as a string so the common Node case skips an encode and a decode.
 */
export type RawBody = string | Uint8Array;

const encoder = new TextEncoder();

/** The one `body_too_large` error of the package. */
export function tooLarge(maxBodyBytes: number): never {
  throw new WebhookError("body_too_large", `webhook body is larger than maxBodyBytes (${maxBodyBytes})`);
}

function isArrayBuffer(value: object): value is ArrayBuffer {
  // instanceof fails across realms (edge-runtime VMs, workers); the brand tag does not.
  const tag = Object.prototype.toString.call(value);
  return tag === "[object ArrayBuffer]" || tag === "[object SharedArrayBuffer]";
}

/** UTF-8 length of a well-formed string, without encoding it. */
function utf8Length(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // 2 bytes below U+0800, 3 above; a surrogate pair is 2 units for 4 bytes.
    if (unit >= 0x80) length += unit < 0x800 || (unit >= 0xd800 && unit < 0xe000) ? 1 : 2;
  }
  return length;
}

function isWellFormed(text: string): boolean {
  const native = (text as { isWellFormed?: () => boolean }).isWellFormed;
  // In a `u` regex a valid pair is one code point, so the class only matches lone surrogates.
  return native ? native.call(text) : !/[\uD800-\uDFFF]/u.test(text);
}

/**
 * Checks the type and size of any accepted body, refusing oversize ones before copying, and refusing bodies
 * a framework already parsed (their original bytes, which the signature covers, are gone).
 */
export function toRawBody(body: unknown, maxBodyBytes: number): RawBody {
  if (typeof body === "string") {
    // Every UTF-16 unit encodes to 1-3 bytes, so only mid-sized strings need their exact UTF-8 length.
    if (body.length > maxBodyBytes) tooLarge(maxBodyBytes);
    if (!isWellFormed(body)) {
      // Lone surrogates encode to U+FFFD: hash and parse those very bytes, not the string.
      const bytes = encoder.encode(body);
      if (bytes.byteLength > maxBodyBytes) tooLarge(maxBodyBytes);
      return bytes;
    }
    if (body.length * 3 > maxBodyBytes && utf8Length(body) > maxBodyBytes) tooLarge(maxBodyBytes);
    return body;
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
    `webhook body must be the raw bytes (string, Uint8Array or ArrayBuffer), got ${describeValue(body)}: ` +
      "the signature covers the exact bytes the server sent, so read the raw body instead of parsed JSON " +
      '(Express: express.raw({ type: "application/webhook+json" }); web Request: receiveRequest(request))',
  );
}
