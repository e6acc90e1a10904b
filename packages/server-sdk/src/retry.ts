import { type LiveKitError, TransportError, TwirpError } from "./errors.ts";

/** How failed calls are retried. Pass `retry: false` to the client to turn retries off. */
export interface RetryOptions {
  /** Total tries including the first. Default 3. */
  readonly maxAttempts?: number;
  /** Backoff before the first retry, doubled each time, with full jitter. Default 100 ms. */
  readonly initialDelayMs?: number;
  /** Upper bound of one backoff sleep, and of an honoured `Retry-After`. Default 5 000 ms. */
  readonly maxDelayMs?: number;
  /**
   * Overrides the default decision. Called with the error, the 1-based attempt that failed and whether
   * the RPC is read-only. The default retries when `defaultShouldRetry` says so.
   */
  readonly shouldRetry?: (error: LiveKitError, context: RetryContext) => boolean;
}

/** What a retry decision can look at. */
export interface RetryContext {
  /** The attempt that just failed, 1-based. */
  readonly attempt: number;
  /** True for List and Get RPCs, which change nothing on the server. */
  readonly readOnly: boolean;
  /** `livekit.RoomService/ListRooms` and the like. */
  readonly rpc: string;
}

/**
 * The default, conservative policy: retry only where the server cannot have acted twice.
 * - the connection failed before the request was sent (refused, DNS, connect timeout);
 * - 429 / 503 `unavailable` (the server refused to work on it);
 * - on read-only RPCs, also any 5xx and any network failure except a caller's abort or the deadline.
 */
export function defaultShouldRetry(error: LiveKitError, context: RetryContext): boolean {
  if (error instanceof TransportError) {
    if (error.code === "aborted" || error.code === "timeout") return false;
    return !error.requestSent || context.readOnly;
  }
  if (error instanceof TwirpError) {
    if (error.status === 429 || error.status === 503) return true;
    return context.readOnly && error.status >= 500 && error.status !== 501;
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

/** Resolves `retry` client options into a policy; `false` means a single attempt. */
export function resolveRetry(options: RetryOptions | false | undefined): RetryPolicy {
  if (options === false) {
    return { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0, shouldRetry: () => false };
  }
  return {
    maxAttempts: Math.max(1, Math.floor(options?.maxAttempts ?? 3)),
    initialDelayMs: Math.max(0, options?.initialDelayMs ?? 100),
    maxDelayMs: Math.max(0, options?.maxDelayMs ?? 5_000),
    shouldRetry: options?.shouldRetry ?? defaultShouldRetry,
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
