import { Buffer, isUtf8 } from "node:buffer";
import type { HmacEngine } from "./engine.ts";
import { HEADER_PREFIX } from "./engine.ts";
import { hmacSha256Base64url } from "./hmac-sha256.node.ts";

/** Token parts up to this many characters decode into one reused buffer instead of a fresh one. */
const DECODE_SCRATCH_BYTES = 8 * 1024;
let decodeScratch: Buffer | undefined;

/**
 * HS256 over node:crypto, synchronous: about 15x the throughput of Web Crypto on Node for small inputs.
 * Signing and verifying share the one-shot HMAC over key pads prepared once per secret.
 */
export const nodeEngine: HmacEngine = {
  sign(payloadJson, secret) {
    const input = HEADER_PREFIX + Buffer.from(payloadJson, "utf8").toString("base64url");
    return `${input}.${hmacSha256Base64url(input, secret)}`;
  },
  verify(signingInput, signature, secret) {
    const expected = hmacSha256Base64url(signingInput, secret);
    // The expected string is canonical base64url, so an exact match also rules out other spellings.
    return constantTimeEqual(expected, signature);
  },
  decodeText(text) {
    let decoded: string;
    // base64url never decodes to more than 3 bytes per 4 characters.
    if (text.length <= DECODE_SCRATCH_BYTES) {
      decodeScratch ??= Buffer.allocUnsafe(DECODE_SCRATCH_BYTES);
      decoded = decodeScratch.toString("utf8", 0, decodeScratch.write(text, 0, "base64url"));
    } else {
      decoded = Buffer.from(text, "base64url").toString("utf8");
    }
    // Invalid UTF-8 always decodes to U+FFFD, so text without it was valid; text with it (rare: a token
    // carrying U+FFFD itself) gets the exact check on the bytes.
    if (decoded.includes("\uFFFD") && !isUtf8(Buffer.from(text, "base64url"))) {
      throw new TypeError("invalid UTF-8");
    }
    return decoded;
  },
};

/** Compares two equal-length ASCII strings without an early exit (the length itself is public: 43). */
function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
