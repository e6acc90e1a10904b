import { Buffer } from "node:buffer";
import * as nodeCrypto from "node:crypto";
import { cachedKey } from "./engine.ts";

/** SHA-256 block size: HMAC pads the key to one block. */
const BLOCK = 64;
/** Shared scratch for the inner hash input (ipad block + message); larger messages get their own buffer. */
const SCRATCH_BYTES = 16 * 1024;

/**
 * A secret prepared for HMAC: the ipad block, and the opad block followed by room for the inner digest.
 * `innerAscii` is the ipad block as a string when every byte is ASCII (any ASCII secret of up to 64 bytes),
 * so the inner hash can take `innerAscii + message` as text and skip copying into a buffer.
 */
interface Pads {
  inner: Buffer;
  innerAscii: string | undefined;
  outer: Buffer;
}

const padsBySecret = new Map<string, Pads>();
let scratch: Buffer | undefined;
let fastPathWorks: boolean | undefined;

function preparePads(secret: string): Pads {
  let key = Buffer.from(secret, "utf8");
  if (key.length > BLOCK) key = nodeCrypto.createHash("sha256").update(key).digest();
  const inner = Buffer.alloc(BLOCK, 0x36);
  const outer = Buffer.alloc(BLOCK + 32, 0x5c);
  for (let i = 0; i < key.length; i++) {
    inner[i] = (key[i] as number) ^ 0x36;
    outer[i] = (key[i] as number) ^ 0x5c;
  }
  const ascii = inner.every((byte) => byte < 0x80);
  return { inner, innerAscii: ascii ? inner.toString("latin1") : undefined, outer };
}

/**
 * HMAC-SHA256 (RFC 2104) spelled out over the one-shot `crypto.hash`: two hash calls on prepared pads cost
 * about half of `createHmac(...).update(...).digest()`, whose object setup dominates for a
 * token-sized input. Synchronous from start to end, so sharing the scratch and outer buffers is safe.
 */
function hmacOneShot(message: string, secret: string): string {
  const hash = nodeCrypto.hash as (algorithm: string, data: Uint8Array | string, encoding: string) => string;
  const pads = cachedKey(padsBySecret, secret, preparePads);
  let input: Buffer | string;
  if (pads.innerAscii !== undefined) {
    // An ASCII block followed by the message encodes to the same bytes as the pads buffer plus the UTF-8
    // message, which is what `hash` hashes for a string.
    input = pads.innerAscii + message;
  } else if (message.length * 3 <= SCRATCH_BYTES - BLOCK) {
    // Every UTF-16 unit encodes to at most 3 UTF-8 bytes, so this bound guarantees the write is not truncated.
    scratch ??= Buffer.allocUnsafe(SCRATCH_BYTES);
    pads.inner.copy(scratch, 0);
    input = scratch.subarray(0, BLOCK + scratch.write(message, BLOCK, "utf8"));
  } else {
    input = Buffer.concat([pads.inner, Buffer.from(message, "utf8")]);
  }
  // The inner digest travels as a latin1 string: a "buffer" result would allocate a fresh ArrayBuffer,
  // which costs more than both hashes together.
  pads.outer.write(hash("sha256", input, "latin1"), BLOCK, "latin1");
  return hash("sha256", pads.outer, "base64url");
}

function hmacClassic(message: string, secret: string): string {
  return nodeCrypto.createHmac("sha256", secret).update(message).digest("base64url");
}

/**
 * Base64url HMAC-SHA256 of `message` (UTF-8) under `secret`. Uses the one-shot path where the runtime has
 * `crypto.hash` (Node ≥ 20.12) and it agrees with `createHmac` on a known vector, checked once; otherwise
 * (older Node, or a Bun/Deno polyfill that differs) plain `createHmac`.
 */
export function hmacSha256Base64url(message: string, secret: string): string {
  fastPathWorks ??= oneShotAgrees();
  return fastPathWorks ? hmacOneShot(message, secret) : hmacClassic(message, secret);
}

function oneShotAgrees(): boolean {
  if (typeof nodeCrypto.hash !== "function") return false;
  try {
    // A key longer than a block and a non-ASCII message exercise both the key hashing and UTF-8 paths.
    const key = "k".repeat(BLOCK + 1);
    const message = "probe \u00e9\u{1f389}";
    const agrees = hmacOneShot(message, key) === hmacClassic(message, key);
    padsBySecret.delete(key);
    return agrees;
  } catch {
    return false;
  }
}
