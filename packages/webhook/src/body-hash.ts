import type { RawBody } from "./body-bytes.ts";

const encoder = new TextEncoder();

/**
 * Standard padded base64 of SHA-256 over the body: the form of the token's `sha256` claim.
 * This is the WebCrypto version for every runtime; Node builds swap in `body-hash.node.ts`.
 */
export async function sha256Base64(body: RawBody): Promise<string> {
  const bytes = typeof body === "string" ? encoder.encode(body) : body;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
  let binary = "";
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary);
}
