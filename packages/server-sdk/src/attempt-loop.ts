/**
 * The attempt loop of one logical call: send, classify the failure, decide whether to try again, wait.
 * One module so that the pieces around it stay separate: the caller (twirp-caller.ts) encodes before and
 * decodes after; the client's `Endpoints` (endpoints.ts) pick where each attempt goes.
 */
import type { ClientState } from "./client.ts";
import { ConfigError, LiveKitError, TransportError } from "./errors.ts";
import { redact } from "./redact.ts";
import { backoffMs, parseRetryAfter, type RetryPolicy, sleep } from "./retry.ts";
import type { RetryClass } from "./retry-classes.ts";
import type { InterceptedRequest, TransportResponse } from "./transport.ts";
import { errorFromResponse } from "./twirp-codec.ts";

const SERVER_DEADLINE_MARGIN_MS = 500;

/** What the loop needs to know about the RPC. */
export interface AttemptTarget {
  readonly service: string;
  readonly name: string;
  readonly label: string;
  readonly path: string;
  readonly retryClass: RetryClass;
}

/** One logical call, ready to send: encoded body, final headers, deadline, cancellation. */
export interface PreparedCall {
  readonly target: AttemptTarget;
  readonly body: Uint8Array;
  /** Sent on every attempt; `x-twirp-timeout-ms` is rewritten per attempt. */
  readonly headers: Record<string, string>;
  /** `Date.now()` value after which no attempt may run. */
  readonly deadline: number;
  /** The requested deadline, for messages. */
  readonly timeoutMs: number;
  readonly policy: RetryPolicy;
  /** Aborted by the caller's signal or by `client.close()`. */
  readonly signal: AbortSignal;
  /** True once the client was closed: an abort then reports `client_closed`. */
  readonly closed: () => boolean;
}

/** The URL of `target` on `endpoint`; those of the first endpoint are built once per RPC. */
export function urlOf(state: ClientState, endpoint: string, target: AttemptTarget): string {
  if (endpoint !== state.baseUrl) return endpoint + target.path;
  let url = state.urls.get(target);
  if (url === undefined) {
    url = state.baseUrl + target.path;
    state.urls.set(target, url);
  }
  return url;
}

export function abortedError(rpc: string, cause?: unknown): TransportError {
  return new TransportError("aborted", `${rpc} was aborted by the caller`, { cause, requestSent: true });
}

export function closedError(rpc: string): ConfigError {
  return new ConfigError("client_closed", `${rpc}: this Client was closed; create a new one`);
}

function asLiveKitError(error: unknown, rpc: string): LiveKitError {
  if (error instanceof LiveKitError) return error;
  // A transport or interceptor broke the contract by throwing something untyped: keep it as the cause.
  const detail = error instanceof Error ? error.message : String(error);
  return new TransportError("network_error", `${rpc} failed: ${redact(detail)}`, { cause: error });
}

/**
 * The error worth reporting: a later attempt that merely ran out of time says less than an earlier
 * answer from the server (a 503 "no egress worker") or an earlier network failure.
 */
function mostInformative(previous: LiveKitError | undefined, current: LiveKitError): LiveKitError {
  if (previous !== undefined && current.code === "timeout") return previous;
  return current;
}

/**
 * Sends until an attempt answers 200 (resolved with that response) or the policy, the deadline, an
 * abort or `close()` ends the call (rejected with the most informative typed error seen).
 */
export async function runAttempts(state: ClientState, call: PreparedCall): Promise<TransportResponse> {
  const { target, headers, policy, signal } = call;
  const endpoints = state.endpoints;
  let endpoint = endpoints.next() ?? state.baseUrl;
  let tried: Set<string> | undefined;
  let best: LiveKitError | undefined;
  const stopped = (): LiveKitError =>
    call.closed() ? closedError(target.label) : abortedError(target.label, signal.reason);

  for (let attempt = 1; ; attempt++) {
    const remaining = call.deadline - Date.now();
    if (remaining <= 0) {
      throw (
        best ?? new TransportError("timeout", `${target.label} did not complete within ${call.timeoutMs} ms`)
      );
    }
    headers["x-twirp-timeout-ms"] = String(serverDeadlineMs(remaining));
    const sent: InterceptedRequest = {
      url: urlOf(state, endpoint, target),
      method: "POST",
      headers,
      body: call.body,
      signal,
      timeoutMs: remaining,
      service: target.service,
      rpc: target.name,
      attempt,
      endpoint,
    };
    const started = Date.now();
    let error: LiveKitError;
    let retryAfterMs: number | undefined;
    try {
      const response = await state.send(sent);
      if (response.status === 200) {
        endpoints.answered(endpoint);
        return response;
      }
      error = errorFromResponse(response, target.label);
      retryAfterMs = parseRetryAfter(response.headers["retry-after"]);
    } catch (thrown) {
      error = asLiveKitError(thrown, target.label);
    }
    endpoints.record(endpoint, error);
    if (signal.aborted) throw error.code === "aborted" && !call.closed() ? error : stopped();
    best = mostInformative(best, error);
    if (
      attempt >= policy.maxAttempts ||
      !policy.shouldRetry(error, {
        attempt,
        retryClass: target.retryClass,
        rpc: target.label,
        retryAfterMs,
      })
    ) {
      throw best;
    }
    // A Retry-After longer than we are willing to wait means "not now": report instead of hammering early.
    if (retryAfterMs !== undefined && retryAfterMs > policy.maxDelayMs) throw best;
    // The retry class allowed another attempt; an endpoint this call has not tried takes it at once.
    tried ??= new Set();
    const next = await endpoints.retryTarget(
      endpoint,
      error,
      tried,
      headers.authorization ?? "",
      call.deadline - Date.now(),
    );
    endpoint = next.endpoint;
    const delay = next.moved ? 0 : (retryAfterMs ?? backoffMs(policy, attempt));
    // Never start an attempt the deadline cannot hold: the next one may take as long as this one did.
    const elapsed = Date.now() - started;
    if (Date.now() + delay + elapsed >= call.deadline) throw best;
    if (delay > 0 && !(await sleep(delay, signal))) throw stopped();
  }
}

/**
 * The deadline we hand the server: a little under ours, so that when the server gives up (an egress start
 * with no worker, a SendData nobody hosts) its own typed answer reaches us before our timer fires.
 */
function serverDeadlineMs(remaining: number): number {
  const margin = Math.min(SERVER_DEADLINE_MARGIN_MS, Math.floor(remaining / 10));
  return Math.max(1, Math.ceil(remaining - margin));
}
