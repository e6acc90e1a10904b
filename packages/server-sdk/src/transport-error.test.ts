import { describe, expect, it } from "vitest";
import { ConfigError, TransportError } from "./errors.ts";
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  isRedirect,
  maxResponseBytesOption,
  redirectError,
  responseTooLargeError,
  toTransportError,
} from "./transport-error.ts";

const ORIGIN = "http://127.0.0.1:1";

const wrapped = (code: string) =>
  Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(code), { code }) });

describe("toTransportError", () => {
  it.each([
    ["ECONNREFUSED", "connection_refused", false, `connection refused by ${ORIGIN}`],
    ["ENOTFOUND", "dns_failure", false, `cannot resolve the host of ${ORIGIN}`],
    ["EAI_AGAIN", "dns_failure", false, `cannot resolve the host of ${ORIGIN}`],
    ["UND_ERR_CONNECT_TIMEOUT", "connect_timeout", false, `connecting to ${ORIGIN} timed out`],
    [
      "ECONNRESET",
      "connection_reset",
      true,
      `connection to ${ORIGIN} was closed before the response completed`,
    ],
    ["EPIPE", "connection_reset", true, `connection to ${ORIGIN} was closed before the response completed`],
    [
      "UND_ERR_SOCKET",
      "connection_reset",
      true,
      `connection to ${ORIGIN} was closed before the response completed`,
    ],
    [
      "UND_ERR_RES_CONTENT_LENGTH_MISMATCH",
      "connection_reset",
      true,
      `connection to ${ORIGIN} was closed before the response completed`,
    ],
    ["UND_ERR_HEADERS_TIMEOUT", "timeout", true, `request to ${ORIGIN} timed out`],
    ["UND_ERR_BODY_TIMEOUT", "timeout", true, `request to ${ORIGIN} timed out`],
    ["ETIMEDOUT", "timeout", true, `request to ${ORIGIN} timed out`],
    ["UND_ERR_ABORTED", "aborted", true, `request to ${ORIGIN} was aborted`],
    ["ABORT_ERR", "aborted", true, `request to ${ORIGIN} was aborted`],
    [
      "UND_ERR_HEADERS_OVERFLOW",
      "response_too_large",
      true,
      `the response headers from ${ORIGIN} are larger than the HTTP client accepts`,
    ],
    ["UND_ERR_DESTROYED", "network_error", false, `the transport for ${ORIGIN} is closed`],
    ["UND_ERR_CLOSED", "network_error", false, `the transport for ${ORIGIN} is closed`],
  ])("%s -> %s (requestSent %s), direct or as a cause", (code, expected, requestSent, message) => {
    for (const error of [Object.assign(new Error(code), { code }), wrapped(code)]) {
      const mapped = toTransportError(error, ORIGIN, undefined, 1000);
      expect(mapped).toBeInstanceOf(TransportError);
      expect(mapped).toMatchObject({ code: expected, requestSent, retryable: !requestSent, message });
      expect(mapped.cause).toBe(error);
    }
  });

  it("an unknown code is a network_error that names the code and the (redacted) message", () => {
    const token = "eyJhbGciOi.eyJzdWIiOiJ4In0.c2lnbmF0dXJlX2hlcmU";
    const error = Object.assign(new Error(`socket said ${token}`), { code: "EWHATEVER" });
    const mapped = toTransportError(error, ORIGIN, undefined, 1000);
    expect(mapped).toMatchObject({ code: "network_error", requestSent: true, retryable: false });
    expect(mapped.message).toBe(`request to ${ORIGIN} failed (EWHATEVER): socket said [redacted token]`);
    expect(mapped.cause).toBe(error);
  });

  it("an error without a code says only what failed", () => {
    const mapped = toTransportError(new TypeError("fetch failed"), ORIGIN, undefined, 1000);
    expect(mapped.message).toBe(`request to ${ORIGIN} failed: fetch failed`);
  });

  it("undici's generic UND_ERR is skipped for the socket error it wraps", () => {
    const error = Object.assign(new Error("undici"), {
      code: "UND_ERR",
      cause: Object.assign(new Error("refused"), { code: "ECONNREFUSED" }),
    });
    expect(toTransportError(error, ORIGIN, undefined, 1).code).toBe("connection_refused");
  });

  it("looks for the code at most three levels deep", () => {
    const nest = (depth: number): unknown =>
      depth === 0
        ? Object.assign(new Error("refused"), { code: "ECONNREFUSED" })
        : { cause: nest(depth - 1) };
    expect(toTransportError(nest(2), ORIGIN, undefined, 1).code).toBe("connection_refused");
    expect(toTransportError(nest(3), ORIGIN, undefined, 1).code).toBe("network_error");
    // A non-string code is no code; the search goes on to the cause.
    const numeric = { code: 7, cause: { code: "ENOTFOUND" } };
    expect(toTransportError(numeric, ORIGIN, undefined, 1).code).toBe("dns_failure");
  });

  it.each([
    ["timeout", "timeout", "request to o timed out after 250 ms"],
    ["aborted", "aborted", "request to o was aborted"],
    ["closed", "aborted", "the transport was closed while a request to o was in flight"],
  ] as const)("the caller's reason %s wins over the error's own code", (reason, code, message) => {
    const error = Object.assign(new Error("refused"), { code: "ECONNREFUSED" });
    const mapped = toTransportError(error, "o", reason, 249.6);
    expect(mapped).toMatchObject({ code, requestSent: true, message });
    expect(mapped.cause).toBe(error);
  });

  it("a TransportError passes through unchanged, whatever the reason", () => {
    const original = new TransportError("redirect", "moved");
    expect(toTransportError(original, "o", "timeout", 1)).toBe(original);
    expect(toTransportError(original, "o", undefined, 1)).toBe(original);
  });

  it("written: false makes any failure unsent, keeping code, message, status and cause", () => {
    const reset = wrapped("ECONNRESET");
    const sent = toTransportError(reset, ORIGIN, undefined, 1_000);
    const unsent = toTransportError(reset, ORIGIN, undefined, 1_000, false);
    expect(sent).toMatchObject({ code: "connection_reset", requestSent: true, retryable: false });
    expect(unsent).toMatchObject({ code: "connection_reset", message: sent.message, requestSent: false });
    expect(unsent.retryable).toBe(true);
    expect(unsent.cause).toBe(reset);
    const redirect = redirectError(ORIGIN, 302);
    expect(toTransportError(redirect, ORIGIN, undefined, 1_000, false)).toMatchObject({
      code: "redirect",
      status: 302,
      requestSent: false,
    });
    const refused = toTransportError(wrapped("ECONNREFUSED"), ORIGIN, undefined, 1_000, false);
    expect(refused).toMatchObject({ code: "connection_refused", requestSent: false });
  });

  it("a thrown null or a null cause ends the search for a code", () => {
    expect(toTransportError(null, "o", undefined, 1)).toMatchObject({
      code: "network_error",
      message: "request to o failed: null",
    });
    const error = Object.assign(new Error("gone"), { cause: null });
    expect(toTransportError(error, "o", undefined, 1).message).toBe("request to o failed: gone");
  });

  it("never copies a thrown non-error into anything but the message and cause", () => {
    const mapped = toTransportError("boom", "o", undefined, 1);
    expect(mapped).toMatchObject({
      code: "network_error",
      cause: "boom",
      message: "request to o failed: boom",
    });
  });
});

describe("maxResponseBytesOption", () => {
  it("defaults to 32 MiB and keeps a positive integer", () => {
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(33_554_432);
    expect(maxResponseBytesOption(undefined, "t")).toBe(DEFAULT_MAX_RESPONSE_BYTES);
    expect(maxResponseBytesOption(1, "t")).toBe(1);
    expect(maxResponseBytesOption(2 ** 40, "t")).toBe(2 ** 40);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])("refuses %s", (value) => {
    const error = (() => {
      try {
        maxResponseBytesOption(value, "fetchTransport");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({
      code: "invalid_config",
      message: `fetchTransport: maxResponseBytes must be a positive integer, got ${String(value)}`,
    });
  });
});

describe("responseTooLargeError and redirectError", () => {
  it("response_too_large names the limit and keeps the cause", () => {
    const cause = new Error("stream");
    const error = responseTooLargeError(ORIGIN, 1024, cause);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({
      code: "response_too_large",
      retryable: false,
      message: `the response from ${ORIGIN} is larger than maxResponseBytes (1024 bytes); nothing more was read`,
    });
    expect(error.cause).toBe(cause);
  });

  it("redirect carries the status when the runtime shows it", () => {
    const seen = redirectError(ORIGIN, 307);
    expect(seen).toMatchObject({ code: "redirect", status: 307, retryable: false });
    expect(seen.message).toBe(
      `${ORIGIN} answered HTTP 307; redirects are never followed: point the client's host at the server itself`,
    );
    const opaque = redirectError(ORIGIN, undefined);
    expect(opaque).toMatchObject({ code: "redirect", status: undefined, retryable: false });
    expect(opaque.message).toBe(
      `${ORIGIN} answered a redirect; redirects are never followed: point the client's host at the server itself`,
    );
  });

  it("isRedirect is exactly 300 to 399", () => {
    expect([299, 300, 304, 399, 400].map(isRedirect)).toEqual([false, true, true, true, false]);
  });
});
