import { describe, expect, it } from "vitest";
import { toTransportError } from "./transport-error.ts";

const wrapped = (code: string) =>
  Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(code), { code }) });

describe("toTransportError", () => {
  it.each([
    ["ECONNREFUSED", "connection_refused", false],
    ["ENOTFOUND", "dns_failure", false],
    ["EAI_AGAIN", "dns_failure", false],
    ["UND_ERR_CONNECT_TIMEOUT", "connect_timeout", false],
    ["ECONNRESET", "connection_reset", true],
    ["UND_ERR_SOCKET", "connection_reset", true],
    ["UND_ERR_HEADERS_TIMEOUT", "timeout", true],
    ["UND_ERR_BODY_TIMEOUT", "timeout", true],
    ["EWHATEVER", "network_error", true],
  ])("%s -> %s (requestSent %s), direct or as a cause", (code, expected, requestSent) => {
    for (const error of [Object.assign(new Error(code), { code }), wrapped(code)]) {
      const mapped = toTransportError(error, "http://127.0.0.1:1", undefined, 1000);
      expect(mapped).toMatchObject({ code: expected, requestSent, retryable: !requestSent });
      expect(mapped.cause).toBe(error);
    }
  });

  it("the caller's reason wins over the error's own code", () => {
    const error = Object.assign(new Error("aborted"), { code: "UND_ERR_ABORTED" });
    expect(toTransportError(error, "o", "timeout", 250)).toMatchObject({ code: "timeout" });
    expect(toTransportError(error, "o", "timeout", 250).message).toContain("250 ms");
    expect(toTransportError(error, "o", "aborted", 250)).toMatchObject({ code: "aborted" });
  });

  it("never copies a thrown non-error into anything but the message and cause", () => {
    const mapped = toTransportError("boom", "o", undefined, 1);
    expect(mapped).toMatchObject({ code: "network_error", cause: "boom" });
  });
});
