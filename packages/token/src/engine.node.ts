import { Buffer, isUtf8 } from "node:buffer";
import { constantTimeEqual } from "@exlivekit/internal";
import type { HmacEngine } from "./engine.ts";
import { HEADER_PREFIX } from "./engine.ts";
import { hmacSha256Base64url } from "./hmac-sha256.node.ts";

/**
 * Payloads and token parts that fit go through one reused buffer instead of a fresh one: allocating a
 * Buffer costs about as much as encoding a token-sized payload. Safe to share because every use is
 * synchronous.
 */
const SCRATCH_BYTES = 8 * 1024;
let scratchBuffer: Buffer | undefined;

function scratch(): Buffer {
  scratchBuffer ??= Buffer.allocUnsafe(SCRATCH_BYTES);
  return scratchBuffer;
}

/**
 * HS256 over node:crypto, synchronous: about 15x the throughput of Web Crypto on Node for small inputs.
 * Signing and verifying share the one-shot HMAC over key pads prepared once per secret.
 */
export const nodeEngine: HmacEngine = {
  sign(payloadJson, secret) {
    let encoded: string;
    // Every UTF-16 unit encodes to at most 3 UTF-8 bytes, so a payload within this bound fits.
    if (payloadJson.length * 3 <= SCRATCH_BYTES) {
      const buffer = scratch();
      encoded = buffer.toString("base64url", 0, buffer.write(payloadJson, 0, "utf8"));
    } else {
      encoded = Buffer.from(payloadJson, "utf8").toString("base64url");
    }
    const input = HEADER_PREFIX + encoded;
    return `${input}.${hmacSha256Base64url(input, secret)}`;
  },
  verify(signingInput, signature, secret) {
    const expected = hmacSha256Base64url(signingInput, secret);
    // The expected string is canonical base64url, so an exact match also rules out other spellings.
    return constantTimeEqual(expected, signature);
  },
  decodeText(text) {
    // Node's decoder passes over ASCII characters outside the alphabet, reads "+" and "/" like "-" and "_",
    // and takes other characters by their low byte. So the text is strict base64url exactly when it is
    // ASCII (as many UTF-8 bytes as characters), holds neither "+" nor "/", and decodes to the full 3 bytes
    // per 4 characters: together cheaper than a pattern match over the text.
    if (text === "" || text.length % 4 === 1 || text.includes("+") || text.includes("/")) return undefined;
    if (Buffer.byteLength(text, "utf8") !== text.length) return undefined;
    const size = (text.length * 3) >> 2;
    let decoded: string;
    if (size <= SCRATCH_BYTES) {
      const buffer = scratch();
      if (buffer.write(text, 0, "base64url") !== size) return undefined;
      decoded = buffer.toString("utf8", 0, size);
    } else {
      const bytes = Buffer.from(text, "base64url");
      if (bytes.length !== size) return undefined;
      decoded = bytes.toString("utf8");
    }
    // Invalid UTF-8 always decodes to U+FFFD, so text without it was valid; text with it (rare: a token
    // carrying U+FFFD itself) gets the exact check on the bytes.
    if (decoded.includes("\uFFFD") && !isUtf8(Buffer.from(text, "base64url"))) {
      throw new TypeError("invalid UTF-8");
    }
    return decoded;
  },
};
