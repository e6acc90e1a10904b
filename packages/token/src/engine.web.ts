import { base64urlDecode, base64urlEncode } from "./base64url.web.ts";
import type { HmacEngine } from "./engine.ts";
import { CANONICAL_SIGNATURE, cachedKey, HEADER_PREFIX, isBase64url } from "./engine.ts";
import { TokenError } from "./errors.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });
const keys = new Map<string, Promise<CryptoKey>>();

function subtle(): SubtleCrypto {
  const api = globalThis.crypto?.subtle;
  if (api === undefined) {
    throw new TokenError("unsupported_runtime", "this runtime has no Web Crypto API (crypto.subtle)");
  }
  return api;
}

function hmacKey(secret: string): Promise<CryptoKey> {
  return cachedKey(keys, secret, (s) => {
    // A failed import must not stay cached, or one bad call would poison that secret for good.
    const key = subtle().importKey("raw", encoder.encode(s), { name: "HMAC", hash: "SHA-256" }, false, [
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
    const input = HEADER_PREFIX + base64urlEncode(encoder.encode(payloadJson));
    const key = await hmacKey(secret);
    const mac = await subtle().sign("HMAC", key, encoder.encode(input));
    return `${input}.${base64urlEncode(new Uint8Array(mac))}`;
  },
  async verify(signingInput, signature, secret) {
    if (!CANONICAL_SIGNATURE.test(signature)) return false;
    const mac = base64urlDecode(signature);
    const key = await hmacKey(secret);
    return subtle().verify("HMAC", key, mac, encoder.encode(signingInput));
  },
  decodeText(text) {
    // atob passes over some characters outside the alphabet (spaces): check first.
    return isBase64url(text) ? decoder.decode(base64urlDecode(text)) : undefined;
  },
};
