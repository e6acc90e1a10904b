import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toRawBody } from "./body-bytes.ts";
import { WebhookError } from "./webhook-error.ts";

const encoder = new TextEncoder();

function sizeOutcome(body: string, max: number): "ok" | "too_large" {
  try {
    toRawBody(body, max);
    return "ok";
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookError);
    expect((error as WebhookError).code).toBe("body_too_large");
    return "too_large";
  }
}

describe("toRawBody", () => {
  it("measures strings by their UTF-8 bytes, surrogates included", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), fc.nat(200), (text, max) => {
        const expected = encoder.encode(text).byteLength > max ? "too_large" : "ok";
        expect(sizeOutcome(text, max)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps well-formed strings and encodes lone surrogates to the bytes that get hashed", () => {
    expect(toRawBody('{"a":"é😀"}', 100)).toBe('{"a":"é😀"}');
    const lone = toRawBody('{"a":"\uD800"}', 100);
    expect(lone).toEqual(encoder.encode('{"a":"\uFFFD"}'));
  });

  it("views any typed array as its bytes and copies nothing", () => {
    const bytes = new Uint8Array([1, 2, 3, 4]);
    expect(toRawBody(bytes, 10)).toBe(bytes);
    const view = toRawBody(new DataView(bytes.buffer, 1, 2), 10) as Uint8Array;
    expect([...view]).toEqual([2, 3]);
    expect([...(toRawBody(bytes.buffer, 10) as Uint8Array)]).toEqual([1, 2, 3, 4]);
  });
});
