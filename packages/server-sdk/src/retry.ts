import { type LiveKitError, TransportError, TwirpError } from "./errors.ts";
import type { RetryClass } from "./retry-classes.ts";

/**
 * How failed calls are retried. Pass `retry: false` to the client (or to one call) to turn retries off;
 * a call's `retry` overrides the client's field by field.
 */
export interface RetryOptions {
  /** Total tries including the first. Default 3. */
  readonly maxAttempts?: number;
  /** Backoff before the first retry, doubled each time, with full jitter. Default 100 ms. */
  readonly initialDelayMs?: number;
  /** Upper bound of one backoff sleep, and of an honoured `Retry-After`. Default 5 000 ms. */
  readonly maxDelayMs?: number;
  /**
   * Overrides the default decision. Called with the error, the 1-based attempt that failed and the RPC's
   * retry class. The default retries when `defaultShouldRetry` says so. Whatever it answers, no retry
   * starts when the remaining deadline cannot hold it, and a call stops at `maxAttempts`.
   */
  readonly shouldRetry?: (error: LiveKitError, context: RetryContext) => boolean;
}

/** What a retry decision can look at. */
export interface RetryContext {
  /** The attempt that just failed, 1-based. */
  readonly attempt: number;
  /** `safe` or `unsafe`, from the one table of retry classes (see the README's "Retries"). */
  readonly retryClass: RetryClass;
  /** `livekit.RoomService/ListRooms` and the like. */
  readonly rpc: string;
  /** The server's `Retry-After`, in ms, when the failed attempt had one. */
  readonly retryAfterMs: number | undefined;
}

// Failures where a repeat cannot help: the caller gave up, the deadline passed, the answer was too big or
// pointed elsewhere, or the client was closed.
const FINAL_TRANSPORT_CODES = new Set(["aborted", "timeout", "response_too_large", "redirect"]);

/**
 * The default policy, by retry class:
 * - any RPC: the request provably never left (connection refused, DNS failure, connect timeout), or the
 *   server answered 429 with `Retry-After`;
 * - `safe` RPCs also: any other transport failure (reset, network error), any 5xx but 501, and 429.
 */
export function defaultShouldRetry(error: LiveKitError, context: RetryContext): boolean {
  if (error instanceof TransportError) {
    if (FINAL_TRANSPORT_CODES.has(error.code)) return false;
    return !error.requestSent || context.retryClass === "safe";
  }
  if (error instanceof TwirpError) {
    if (error.status === 429 && context.retryAfterMs !== undefined) return true;
    if (context.retryClass !== "safe") return false;
    return error.status === 429 || (error.status >= 500 && error.status !== 501);
  }
  return false;
}

/** Resolved retry settings. */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly shouldRetry: (error: LiveKitError, context: RetryContext) => boolean;
}

// `retry: false` is one attempt; a call's override of it (`retry: { maxAttempts: 3 }`) gets the defaults.
const SINGLE_ATTEMPT: RetryPolicy = {
  maxAttempts: 1,
  initialDelayMs: 100,
  maxDelayMs: 5_000,
  shouldRetry: defaultShouldRetry,
};

/**
 * Resolves `retry` options into a policy; `false` means a single attempt. Fields left out come from
 * `base` (the client's policy when resolving a call's override), else the defaults.
 */
export function resolveRetry(options: RetryOptions | false | undefined, base?: RetryPolicy): RetryPolicy {
  if (options === false) return SINGLE_ATTEMPT;
  if (options === undefined && base !== undefined) return base;
  return {
    maxAttempts: Math.max(1, Math.floor(options?.maxAttempts ?? base?.maxAttempts ?? 3)),
    initialDelayMs: Math.max(0, options?.initialDelayMs ?? base?.initialDelayMs ?? 100),
    maxDelayMs: Math.max(0, options?.maxDelayMs ?? base?.maxDelayMs ?? 5_000),
    shouldRetry: options?.shouldRetry ?? base?.shouldRetry ?? defaultShouldRetry,
  };
}

/** Backoff before retry number `attempt` (1 = first retry): full jitter over an exponential cap. */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  const cap = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
  return Math.random() * cap;
}

/**
 * Parses `Retry-After` (delta-seconds or an HTTP date) into milliseconds, or undefined when absent or
 * unparsable.
 */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Sleeps, waking early with the signal's abort. Resolves false when aborted. Leaves no timer behind. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
