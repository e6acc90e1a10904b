import { describe, expect, it } from "vitest";
import { TwirpError } from "./errors.ts";
import { parseRetryAfter } from "./retry.ts";
import { errorFromResponse } from "./twirp-codec.ts";

const enc = new TextEncoder();
const res = (status: number, body: string) => ({ status, headers: {}, body: enc.encode(body) });

describe("errorFromResponse", () => {
  it("reads a Twirp JSON error", () => {
    const e = errorFromResponse(
      res(404, '{"code":"not_found","msg":"room not found","meta":{"a":"b","n":1}}'),
      "svc/M",
    );
    expect(e).toBeInstanceOf(TwirpError);
    expect(e).toMatchObject({
      code: "not_found",
      status: 404,
      msg: "room not found",
      meta: { a: "b" },
      rpc: "svc/M",
    });
  });

  it("keeps the real status of a plain-text error and redacts tokens", () => {
    const e = errorFromResponse(
      res(401, "invalid token: aaaaaaaaaa.bbbbbbbbbb.cccccccccc, error: expired"),
      "svc/M",
    );
    expect(e).toMatchObject({ code: "unauthenticated", status: 401 });
    expect(e.message).not.toContain("aaaaaaaaaa.bbbbbbbbbb");
    expect(e.message).toContain("[redacted token]");
  });

  it("maps unknown codes and empty bodies by status", () => {
    expect(errorFromResponse(res(503, '{"code":"weird"}'), "s")).toMatchObject({
      code: "unavailable",
      retryable: true,
    });
    expect(errorFromResponse(res(500, ""), "s")).toMatchObject({ code: "internal", msg: "HTTP 500" });
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("2")).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
