// The floors of token.verify and webhook.receive: what the bare node:crypto primitives and JSON.parse
// cost for the same work, with nothing around them. References, not products: they check only what any
// verifier must (the signature, then read the claims; for a webhook also the body's hash, then read it).
import { createHash, createHmac, createSecretKey, timingSafeEqual } from "node:crypto";

/** An HS256 check of `token` and the parsed claims; throws on a bad signature. */
export function hs256Floor(secret) {
  const key = createSecretKey(Buffer.from(secret, "utf8"));
  return (token) => {
    const dot = token.lastIndexOf(".");
    const input = token.slice(0, dot);
    const expected = createHmac("sha256", key).update(input).digest();
    const given = Buffer.from(token.slice(dot + 1), "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new Error("bad signature");
    return JSON.parse(Buffer.from(input.slice(input.indexOf(".") + 1), "base64url").toString("utf8"));
  };
}

/** That, plus the SHA-256 of the body compared with the token's claim, and the body parsed. */
export function webhookFloor(secret) {
  const verify = hs256Floor(secret);
  return (body, authorization) => {
    const claims = verify(authorization);
    if (createHash("sha256").update(body).digest("base64") !== claims.sha256) throw new Error("bad hash");
    return JSON.parse(body);
  };
}
