import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { mintToken, randomCredentials } from "./token.js";

describe("mintToken", () => {
  it("signs HS256 with iss, nbf, exp and the given claims", () => {
    const token = mintToken("key", "secret-of-more-than-thirty-two-chars!!", {
      sub: "alice",
      video: { room: "r" },
    });
    const [header, payload, signature] = token.split(".") as [string, string, string];
    expect(JSON.parse(Buffer.from(header, "base64url").toString())).toEqual({ alg: "HS256", typ: "JWT" });
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    expect(claims).toMatchObject({ iss: "key", sub: "alice", video: { room: "r" } });
    expect(claims.exp - claims.nbf).toBeGreaterThan(0);
    const expected = createHmac("sha256", "secret-of-more-than-thirty-two-chars!!")
      .update(`${header}.${payload}`)
      .digest("base64url");
    expect(signature).toBe(expected);
  });

  it("makes random credentials with a secret of 32+ characters", () => {
    const a = randomCredentials();
    const b = randomCredentials();
    expect(a.apiSecret.length).toBeGreaterThanOrEqual(32);
    expect(a.apiKey).not.toBe(b.apiKey);
  });
});
