import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nodeEngine } from "./engine.node.ts";
import { hmacSha256Base64url } from "./hmac-sha256.node.ts";
import { caught, creds, entries } from "./test-support/entries.ts";

const reference = (message: string, secret: string) =>
  createHmac("sha256", secret).update(message).digest("base64url");

describe("node engine: one-shot HMAC", () => {
  it("equals createHmac for any secret (short, a block long, longer, non-ASCII) and message", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ minLength: 1, maxLength: 200, unit: "grapheme" }), fc.constant("k".repeat(64))),
        fc.string({ maxLength: 400, unit: "grapheme" }),
        (secret, message) => {
          expect(hmacSha256Base64url(message, secret)).toBe(reference(message, secret));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("encodes secrets as createHmac does, lone surrogates included", () => {
    for (const secret of ["\uD800abc", "x\uDC00".repeat(40), "é".repeat(33)]) {
      expect(hmacSha256Base64url("a.b", secret)).toBe(reference("a.b", secret));
    }
  });

  it("encodes messages as createHmac does, lone surrogates included, whichever path the secret takes", () => {
    // An ASCII secret of up to a block hashes the message as text; others go through the pads buffer.
    for (const secret of [creds.apiSecret, "k".repeat(64), "k".repeat(65), "é"]) {
      for (const message of ["\uD800", "a\uDC00b", "é🎉\uD83D", "\u0000x"]) {
        expect(hmacSha256Base64url(message, secret)).toBe(reference(message, secret));
      }
    }
  });

  it("equals createHmac for messages past the shared scratch buffer, and stays right afterwards", () => {
    for (const length of [5440, 5441, 6000, 70_000]) {
      const message = "a.".repeat(length >> 1);
      expect(hmacSha256Base64url(message, creds.apiSecret)).toBe(reference(message, creds.apiSecret));
      expect(hmacSha256Base64url("short", creds.apiSecret)).toBe(reference("short", creds.apiSecret));
    }
  });
});

describe("node engine: base64url text decoding", () => {
  const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString("base64url");

  it("returns the UTF-8 text, including a genuine U+FFFD, small or large", () => {
    for (const text of ['{"a":"\uFFFD"}', "é🎉x", "\uFFFD".repeat(5000), "x".repeat(20_000)]) {
      expect(nodeEngine.decodeText(b64(text))).toBe(text);
    }
  });

  it("refuses invalid UTF-8 (stray continuation, overlong, surrogate, truncated), small or large", () => {
    for (const bad of [[0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82]]) {
      for (const bytes of [
        Uint8Array.from(bad),
        Buffer.concat([Buffer.alloc(9000, 0x61), Uint8Array.from(bad)]),
      ]) {
        expect(() => nodeEngine.decodeText(b64(bytes))).toThrow(TypeError);
      }
    }
  });
});

describe.each(entries)("verifyToken (%s entry): payload bytes", (_name, { verifyToken }) => {
  it("rejects a correctly signed token whose payload is not UTF-8 as malformed", async () => {
    const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString("base64url");
    const json = Buffer.from(`{"iss":"${creds.apiKey}","exp":${2 ** 31},"name":"\u00ff"}`, "latin1");
    const input = `${header}.${json.toString("base64url")}`;
    const token = `${input}.${reference(input, creds.apiSecret)}`;
    const error = await caught(() => verifyToken(token, creds));
    expect(error.code).toBe("malformed");
  });
});
