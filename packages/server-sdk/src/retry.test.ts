import { getEventListeners } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Client } from "./client.ts";
import { ConfigError, LiveKitError, TransportError, type TransportErrorCode, TwirpError } from "./errors.ts";
import { backoffMs, defaultShouldRetry, parseRetryAfter, resolveRetry, sleep } from "./retry.ts";
import type { RetryClass } from "./retry-classes.ts";
import { RoomService } from "./services/room.ts";
import type { Transport } from "./transport.ts";

const opts = { host: "http://127.0.0.1:1", apiKey: "key", apiSecret: "secret-secret-secret-secret-secret-1" };
const enc = new TextEncoder();

function failing(status: number, code: string, headers: Record<string, string> = {}) {
  const attempts: number[] = [];
  const transport: Transport = {
    request: async () => {
      attempts.push(Date.now());
      return {
        status,
        headers: { "content-type": "application/json", ...headers },
        body: enc.encode(`{"code":"${code}","msg":"x"}`),
      };
    },
  };
  return { transport, attempts };
}

describe("retry policy", () => {
  it("does not sleep past the call deadline", async () => {
    const { transport, attempts } = failing(503, "unavailable");
    const client = new Client({ ...opts, transport, retry: { initialDelayMs: 5_000, maxDelayMs: 5_000 } });
    // Jitter can pick a short sleep; only a sleep that fits the deadline may happen. A sleep past it
    // would end in a timeout, not the server's answer. The deadline is loose enough that the first
    // attempt fits it on a loaded machine.
    const started = Date.now();
    await expect(RoomService.createRoom(client, "a", {}, { timeoutMs: 1_000 })).rejects.toBeInstanceOf(
      TwirpError,
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(attempts.length).toBeLessThanOrEqual(3);
  });

  it("honours a custom shouldRetry and maxAttempts", async () => {
    const { transport, attempts } = failing(500, "internal");
    const seen: string[] = [];
    const client = new Client({
      ...opts,
      transport,
      retry: {
        maxAttempts: 4,
        initialDelayMs: 1,
        shouldRetry: (error, ctx) => {
          seen.push(`${ctx.rpc}#${ctx.attempt}:${error.code}:${ctx.retryClass}`);
          return true;
        },
      },
    });
    await expect(RoomService.deleteRoom(client, "a")).rejects.toMatchObject({ code: "internal" });
    expect(attempts).toHaveLength(4);
    expect(seen).toEqual([
      "livekit.RoomService/DeleteRoom#1:internal:safe",
      "livekit.RoomService/DeleteRoom#2:internal:safe",
      "livekit.RoomService/DeleteRoom#3:internal:safe",
    ]);
  });

  it("does not retry client errors such as 404 or 401", async () => {
    for (const [status, code] of [
      [404, "not_found"],
      [401, "unauthenticated"],
      [400, "invalid_argument"],
    ] as const) {
      const { transport, attempts } = failing(status, code);
      const client = new Client({ ...opts, transport, retry: { initialDelayMs: 1 } });
      await expect(RoomService.listParticipants(client, "a")).rejects.toMatchObject({ code, status });
      expect(attempts).toHaveLength(1);
    }
  });

  it("an abort during the backoff ends the call at once", async () => {
    const { transport, attempts } = failing(503, "unavailable", { "retry-after": "2" });
    const client = new Client({ ...opts, transport });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    await expect(RoomService.listRooms(client, {}, { signal: controller.signal })).rejects.toMatchObject({
      code: "aborted",
    });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(attempts).toHaveLength(1);
  });
});

const context = (retryClass: RetryClass, retryAfterMs?: number) => ({
  attempt: 1,
  retryClass,
  rpc: "livekit.RoomService/ListRooms",
  retryAfterMs,
});
const transportError = (code: TransportErrorCode, requestSent: boolean) =>
  new TransportError(code, "x", { requestSent });
const twirpError = (status: number) => new TwirpError("internal", "x", { status });

describe("defaultShouldRetry", () => {
  it.each(["aborted", "timeout", "response_too_large", "redirect"] as const)(
    "never retries %s, even of a safe RPC whose request never left",
    (code) => {
      expect(defaultShouldRetry(transportError(code, false), context("safe"))).toBe(false);
      expect(defaultShouldRetry(transportError(code, true), context("safe"))).toBe(false);
    },
  );

  it("retries any RPC whose request never left; a sent one only when safe", () => {
    for (const code of ["connection_refused", "dns_failure", "connect_timeout"] as const) {
      expect(defaultShouldRetry(transportError(code, false), context("unsafe"))).toBe(true);
    }
    expect(defaultShouldRetry(transportError("connection_reset", true), context("unsafe"))).toBe(false);
    expect(defaultShouldRetry(transportError("connection_reset", true), context("safe"))).toBe(true);
    expect(defaultShouldRetry(transportError("network_error", true), context("safe"))).toBe(true);
  });

  it("retries 429 with Retry-After for any RPC, without it only a safe one", () => {
    expect(defaultShouldRetry(twirpError(429), context("unsafe", 1000))).toBe(true);
    expect(defaultShouldRetry(twirpError(429), context("unsafe", 0))).toBe(true);
    expect(defaultShouldRetry(twirpError(429), context("unsafe"))).toBe(false);
    expect(defaultShouldRetry(twirpError(429), context("safe"))).toBe(true);
    // Retry-After on another status is not a reason to repeat an unsafe call.
    expect(defaultShouldRetry(twirpError(503), context("unsafe", 1000))).toBe(false);
  });

  it("retries the 5xx of a safe RPC but 501, and no 4xx", () => {
    const statuses = [400, 401, 404, 409, 499, 500, 501, 502, 503, 504, 599];
    expect(statuses.filter((s) => defaultShouldRetry(twirpError(s), context("safe")))).toEqual([
      500, 502, 503, 504, 599,
    ]);
    expect(statuses.filter((s) => defaultShouldRetry(twirpError(s), context("unsafe")))).toEqual([]);
  });

  it("never retries other errors, whatever status they carry", () => {
    expect(defaultShouldRetry(new ConfigError("client_closed", "x"), context("safe"))).toBe(false);
    expect(defaultShouldRetry(new LiveKitError("internal", "x", { status: 503 }), context("safe"))).toBe(
      false,
    );
  });
});

describe("resolveRetry", () => {
  it("false is a single attempt with the default delays", () => {
    expect(resolveRetry(false)).toEqual({
      maxAttempts: 1,
      initialDelayMs: 100,
      maxDelayMs: 5_000,
      shouldRetry: defaultShouldRetry,
    });
  });

  it("fills what is left out from the base, else the defaults", () => {
    expect(resolveRetry(undefined)).toEqual({
      maxAttempts: 3,
      initialDelayMs: 100,
      maxDelayMs: 5_000,
      shouldRetry: defaultShouldRetry,
    });
    const shouldRetry = () => true;
    const base = resolveRetry({ maxAttempts: 5, initialDelayMs: 7, maxDelayMs: 70, shouldRetry });
    expect(base).toEqual({ maxAttempts: 5, initialDelayMs: 7, maxDelayMs: 70, shouldRetry });
    expect(resolveRetry(undefined, base)).toEqual(base);
    expect(resolveRetry({ maxAttempts: 2 }, base)).toEqual({ ...base, maxAttempts: 2 });
    expect(resolveRetry({ initialDelayMs: 1, maxDelayMs: 2 }, base)).toEqual({
      ...base,
      initialDelayMs: 1,
      maxDelayMs: 2,
    });
    expect(resolveRetry({ initialDelayMs: 0 }, base).initialDelayMs).toBe(0);
  });

  it("clamps to at least one whole attempt and non-negative delays", () => {
    expect(resolveRetry({ maxAttempts: 0, initialDelayMs: -5, maxDelayMs: -1 })).toMatchObject({
      maxAttempts: 1,
      initialDelayMs: 0,
      maxDelayMs: 0,
    });
    expect(resolveRetry({ maxAttempts: 2.9 }).maxAttempts).toBe(2);
  });
});

describe("backoffMs", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("draws from zero up to initialDelayMs doubled per retry, capped at maxDelayMs", () => {
    const policy = resolveRetry({ initialDelayMs: 100, maxDelayMs: 1_000 });
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    expect([1, 2, 3, 4, 5].map((attempt) => backoffMs(policy, attempt))).toEqual([50, 100, 200, 400, 500]);
    vi.spyOn(Math, "random").mockReturnValue(0);
    expect(backoffMs(policy, 3)).toBe(0);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.UTC(2030, 0, 1, 12, 0, 0);

  it("reads delta-seconds, whole or fractional, around whitespace", () => {
    expect(parseRetryAfter("2", now)).toBe(2_000);
    expect(parseRetryAfter("12", now)).toBe(12_000);
    expect(parseRetryAfter(" 2 ", now)).toBe(2_000);
    expect(parseRetryAfter("1.5", now)).toBe(1_500);
    expect(parseRetryAfter("1.25", now)).toBe(1_250);
    expect(parseRetryAfter(["3", "4"], now)).toBe(3_000);
  });

  it("reads an HTTP date as the time until then, never negative", () => {
    expect(parseRetryAfter(new Date(now + 10_000).toUTCString(), now)).toBe(10_000);
    expect(parseRetryAfter(new Date(now - 10_000).toUTCString(), now)).toBe(0);
  });

  it("gives undefined for nothing or nonsense", () => {
    for (const value of [undefined, [], "soon", "2 seconds", "x2", "1.x"]) {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    }
  });
});

describe("sleep", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("resolves true after the time, with or without a signal, and leaves no listener", async () => {
    expect(await sleep(1, undefined)).toBe(true);
    const controller = new AbortController();
    expect(await sleep(1, controller.signal)).toBe(true);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("resolves false at once for an aborted signal", async () => {
    vi.useFakeTimers();
    const aborted = sleep(60_000, AbortSignal.abort());
    expect(vi.getTimerCount()).toBe(0);
    expect(await aborted).toBe(false);
  });

  it("an abort wakes it early, clearing its timer and listener", async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const sleeping = sleep(60_000, controller.signal);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();
    expect(await sleeping).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });
});
