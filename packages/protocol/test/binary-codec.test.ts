// The lean BinaryWriter/BinaryReader against @bufbuild/protobuf's, value by value: same bytes written,
// same values read back, the same values refused.
import * as pb from "@bufbuild/protobuf/wire";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BinaryReader } from "../src/binary-reader.ts";
import { BinaryWriter } from "../src/binary-writer.ts";

const INT64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const UINT64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const cases = {
  int32: fc.integer(),
  uint32: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  sint32: fc.integer(),
  fixed32: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  sfixed32: fc.integer(),
  int64: INT64,
  uint64: UINT64,
  sint64: INT64,
  fixed64: UINT64,
  sfixed64: INT64,
  bool: fc.boolean(),
  double: fc.double(),
  float: fc.float(),
  string: fc.string({ unit: "binary", maxLength: 80 }),
  bytes: fc.uint8Array({ maxLength: 40 }),
} as const;

type Method = keyof typeof cases;

describe("BinaryWriter and BinaryReader equal protobuf-es's", () => {
  for (const [method, arb] of Object.entries(cases) as [Method, fc.Arbitrary<unknown>][]) {
    it(method, () => {
      fc.assert(
        fc.property(fc.array(arb, { maxLength: 4 }), (values) => {
          const ours = new BinaryWriter();
          const theirs = new pb.BinaryWriter();
          // Inside a fork too, so that length prefixes of every size are exercised.
          ours.uint32(10).fork();
          theirs.uint32(10).fork();
          for (const v of values) {
            (ours[method] as (v: unknown) => unknown).call(ours, v);
            (theirs[method] as (v: unknown) => unknown).call(theirs, v);
          }
          ours.join();
          theirs.join();
          const bytes = theirs.finish();
          expect(ours.finish()).toStrictEqual(bytes);
          const r = new BinaryReader(bytes);
          const p = new pb.BinaryReader(bytes);
          expect(r.uint32()).toBe(p.uint32());
          expect(r.uint32()).toBe(p.uint32());
          for (const _ of values) {
            const read =
              method === "string" ? (x: BinaryReader | pb.BinaryReader) => x.string(false) : undefined;
            const a = read ? read(r) : (r[method] as () => unknown).call(r);
            const b = read ? read(p) : (p[method] as () => unknown).call(p);
            expect(a).toStrictEqual(b);
          }
          expect(r.pos).toBe(bytes.length);
        }),
        { numRuns: 200 },
      );
    });
  }

  it("refuses what protobuf-es refuses", () => {
    for (const [method, value] of [
      ["int32", 1.5],
      ["int32", 2 ** 31],
      ["uint32", -1],
      ["int64", 2n ** 63n],
      ["uint64", -1n],
      ["float", 1e39],
      ["int64", "x"],
    ] as const) {
      const call = (w: object) => () =>
        (w[method as keyof typeof w] as (v: unknown) => unknown).call(w, value);
      expect(call(new pb.BinaryWriter()), `${method} ${String(value)}`).toThrow();
      expect(call(new BinaryWriter()), `${method} ${String(value)}`).toThrow();
    }
  });

  it("reads past the end, truncated varints and invalid UTF-8 as errors", () => {
    expect(() => new BinaryReader(new Uint8Array([0x80])).uint32()).toThrow();
    expect(() => new BinaryReader(new Uint8Array([5, 1, 2])).bytes()).toThrow();
    expect(() => new BinaryReader(new Uint8Array([2, 0xc3, 0x28])).string(true)).toThrow();
    expect(new BinaryReader(new Uint8Array([2, 0xc3, 0x28])).string(false)).toBe(
      new pb.BinaryReader(new Uint8Array([2, 0xc3, 0x28])).string(),
    );
  });
});

describe("base64 of the JSON codecs equals protobuf-es's", () => {
  it("encodes as protobuf-es and reads its every accepted form", async () => {
    const { base64Decode, base64Encode } = await import("../src/wire-runtime.ts");
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const text = pb.base64Encode(bytes);
        expect(base64Encode(bytes)).toBe(text);
        expect(base64Decode(text)).toStrictEqual(bytes);
        expect(base64Decode(pb.base64Encode(bytes, "url"))).toStrictEqual(bytes);
        expect(base64Decode(text.replace(/=+$/, ""))).toStrictEqual(bytes);
      }),
    );
    for (const bad of ["a", "ab$c", "abcde"]) {
      expect(() => pb.base64Decode(bad), bad).toThrow();
      expect(() => base64Decode(bad), bad).toThrow();
    }
  });
});
