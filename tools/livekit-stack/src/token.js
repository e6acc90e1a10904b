// @ts-check
import { createHmac, randomBytes } from "node:crypto";

/**
 * Signs a LiveKit access token (HS256) for tests. Kept here so the harness does not depend on the
 * SDK's own token package, which it helps to test.
 * @param {string} apiKey
 * @param {string} apiSecret
 * @param {Record<string, unknown>} claims e.g. `{ sub, name, video: { roomJoin: true, room } }`
 * @param {number} [ttlSeconds]
 * @returns {string}
 */
export function mintToken(apiKey, apiSecret, claims, ttlSeconds = 600) {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: "HS256", typ: "JWT" };
  const payload = { iss: apiKey, nbf: now - 5, exp: now + ttlSeconds, ...claims };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = createHmac("sha256", apiSecret).update(signingInput).digest("base64url");
  return `${signingInput}.${signature}`;
}

/**
 * A random credential pair: key `API` + 12 chars, secret 43 chars (more than the 32 the server wants).
 * @returns {{ apiKey: string, apiSecret: string }}
 */
export function randomCredentials() {
  return {
    apiKey: `API${randomBytes(9).toString("base64url")}`,
    apiSecret: randomBytes(32).toString("base64url"),
  };
}

/** @param {string} text */
function base64url(text) {
  return Buffer.from(text, "utf8").toString("base64url");
}
