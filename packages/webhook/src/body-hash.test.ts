import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bodySha256 } from "../test/sign.ts";
import { sha256Base64 as nodeHash } from "./body-hash.node.ts";
import { sha256Base64 as webHash } from "./body-hash.ts";

describe("body hash: WebCrypto (default entry) and node:crypto (node condition) agree", () => {
  it("on well-formed strings and on bytes, with the server's padded base64", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ unit: "grapheme" }), fc.uint8Array()), async (body) => {
        const expected = bodySha256(body);
        expect(await webHash(body)).toBe(expected);
        expect(await nodeHash(body)).toBe(expected);
      }),
      { numRuns: 300 },
    );
    expect(await nodeHash("")).toBe("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
  });

  it("answers synchronously on Node, so the receiver skips an await", () => {
    expect(nodeHash("")).toBe("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
  });
});
