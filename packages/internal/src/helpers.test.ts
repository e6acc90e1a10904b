import { describe, expect, it } from "vitest";
import { constantTimeEqual, describeValue, isObject } from "./index.ts";

describe("describeValue", () => {
  it("names the type and never the value", () => {
    expect(describeValue(null)).toBe("null");
    expect(describeValue(undefined)).toBe("a undefined");
    expect(describeValue([1])).toBe("an array");
    expect(describeValue({ secret: "s3cr3t" })).toBe("an object");
    expect(describeValue("s3cr3t")).toBe("a string");
    expect(describeValue(7)).toBe("a number");
    expect(describeValue(true)).toBe("a boolean");
    expect(describeValue(7n)).toBe("a bigint");
    expect(describeValue(() => 1)).toBe("a function");
  });
});

describe("isObject", () => {
  it("is true only for non-null, non-array objects", () => {
    expect(isObject({})).toBe(true);
    expect(isObject(Object.create(null))).toBe(true);
    expect(isObject(new Uint8Array(1))).toBe(true);
    for (const value of [null, undefined, [], "x", 1, true, () => 1]) expect(isObject(value)).toBe(false);
  });
});

describe("constantTimeEqual", () => {
  it("is true only for the same string", () => {
    expect(constantTimeEqual("abc", "abc")).toBe(true);
    expect(constantTimeEqual("", "")).toBe(true);
    expect(constantTimeEqual("abc", "abd")).toBe(false);
    expect(constantTimeEqual("abd", "abc")).toBe(false);
  });

  it("is false for a claim of another length, shorter, longer or empty", () => {
    expect(constantTimeEqual("abc", "ab")).toBe(false);
    expect(constantTimeEqual("abc", "abcd")).toBe(false);
    expect(constantTimeEqual("abc", "")).toBe(false);
    expect(constantTimeEqual("", "a")).toBe(false);
    // A claim that is a prefix padded with NUL units must not pass for the shorter one.
    expect(constantTimeEqual("ab\u0000", "ab")).toBe(false);
  });
});
