import { Buffer, isUtf8 } from "node:buffer";
import { createHmac, createSecretKey, type KeyObject } from "node:crypto";
import type { HmacEngine } from "./engine.ts";
import { cachedKey, HEADER_PREFIX } from "./engine.ts";

const keys = new Map<string, KeyObject>();
const toKey = (secret: string): KeyObject => createSecretKey(Buffer.from(secret, "utf8"));

/**
 * HS256 over node:crypto, synchronous: about 50x the throughput of Web Crypto on Node for small inputs.
 * A KeyObject per secret spares the key setup on every token.
 */
export const nodeEngine: HmacEngine = {
  sign(payloadJson, secret) {
    const input = HEADER_PREFIX + Buffer.from(payloadJson, "utf8").toString("base64url");
    return `${input}.${createHmac("sha256", cachedKey(keys, secret, toKey))
      .update(input)
      .digest("base64url")}`;
  },
  verify(signingInput, signature, secret) {
    const expected = createHmac("sha256", cachedKey(keys, secret, toKey))
      .update(signingInput)
      .digest("base64url");
    // The expected string is canonical base64url, so an exact match also rules out other spellings.
    return constantTimeEqual(expected, signature);
  },
  decodeText(text) {
    const bytes = Buffer.from(text, "base64url");
    if (!isUtf8(bytes)) throw new TypeError("invalid UTF-8");
    return bytes.toString("utf8");
  },
};

/** Compares two equal-length ASCII strings without an early exit (the length itself is public: 43). */
function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
