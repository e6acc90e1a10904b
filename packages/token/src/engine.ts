/**
 * The one primitive that differs per runtime: HS256 signing and verification plus base64url text
 * decoding. The web entry implements it over Web Crypto, the `node` entry over node:crypto; everything
 * else (claims, validation, JWT layout) is shared, so both produce byte-identical tokens.
 */
export interface HmacEngine {
  /** Returns `<signingInput>.<base64url HMAC-SHA256>` where signingInput is the JWT header + payload. */
  sign(payloadJson: string, secret: string): string | Promise<string>;
  /**
   * True when `signature` is the canonical base64url HMAC-SHA256 of `signingInput`; any other string,
   * including a non-canonical spelling of the right bytes, is false.
   */
  verify(signingInput: string, signature: string, secret: string): boolean | Promise<boolean>;
  /**
   * Decodes base64url to UTF-8 text. Returns undefined unless the input is strict, unpadded base64url
   * (at least one character of A-Z a-z 0-9 - _, and a length that encodes whole bytes); throws on
   * invalid UTF-8.
   */
  decodeText(base64url: string): string | undefined;
}

/**
 * The encoded protected header every token carries: base64url of `{"alg":"HS256","typ":"JWT"}` (the
 * header LiveKit's Go SDK emits; jose emits the same bytes for that header), followed by the dot.
 */
export const HEADER_PREFIX = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.";

/** Cache size for prepared keys: enough for rotation and multi-tenant use, bounded against misuse. */
export const KEY_CACHE_LIMIT = 64;

/** Remembers up to {@link KEY_CACHE_LIMIT} prepared keys, evicting the oldest. */
export function cachedKey<K>(cache: Map<string, K>, secret: string, prepare: (secret: string) => K): K {
  let key = cache.get(secret);
  if (key === undefined) {
    if (cache.size >= KEY_CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    key = prepare(secret);
    cache.set(secret, key);
  }
  return key;
}

/** Strict, unpadded base64url: only the URL-safe alphabet, and no length of the form 4n + 1. */
export function isBase64url(text: string): boolean {
  return BASE64URL.test(text) && text.length % 4 !== 1;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * A canonical HS256 signature: 32 bytes are 43 base64url characters, the last carrying 4 bits (its 2 low
 * bits zero). Engines accept exactly this spelling, so no signature has two valid encodings.
 */
export const CANONICAL_SIGNATURE = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;
