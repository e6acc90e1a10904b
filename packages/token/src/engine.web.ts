import { base64url } from "jose";
import type { HmacEngine } from "./engine.ts";
import { CANONICAL_SIGNATURE, cachedKey, HEADER_PREFIX } from "./engine.ts";
import { TokenError } from "./errors.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  return cachedKey(keys, secret, (s) => {
    const subtle = globalThis.crypto?.subtle;
    if (subtle === undefined) {
      throw new TokenError("unsupported_runtime", "this runtime has no Web Crypto API (crypto.subtle)");
    }
    // A failed import must not stay cached, or one bad call would poison that secret for good.
    const key = subtle.importKey("raw", encoder.encode(s), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    key.catch(() => keys.delete(s));
    return key;
  });
}

/** HS256 over Web Crypto: runs on every runtime with `crypto.subtle` (browsers, workers, Deno, Bun, Node). */
export const webEngine: HmacEngine = {
  async sign(payloadJson, secret) {
    const input = HEADER_PREFIX + base64url.encode(payloadJson);
    const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(input));
    return `${input}.${base64url.encode(new Uint8Array(mac))}`;
  },
  async verify(signingInput, signature, secret) {
    if (!CANONICAL_SIGNATURE.test(signature)) return false;
    const mac = base64url.decode(signature) as Uint8Array<ArrayBuffer>;
    return crypto.subtle.verify("HMAC", await hmacKey(secret), mac, encoder.encode(signingInput));
  },
  decodeText(text) {
    return decoder.decode(base64url.decode(text));
  },
};
