/**
 * The one generic Twirp caller every service function goes through.
 *
 * Adding a service (e.g. `services/egress.ts`):
 *
 * ```ts
 * import { Egress } from "@exlivekit/protocol/egress";         // the generated GenService descriptor
 * import { defineRpc, callRpc } from "../twirp-caller.ts";
 * import type { CallOptions } from "../twirp-caller.ts";
 *
 * // 1. Prepare each method once, at module load: path, schemas, read-only flag.
 * const listEgress = defineRpc(Egress.method.listEgress);       // read-only: List and Get methods, by name
 *
 * // 2. A service function only shapes arguments and picks the grants (services/README.md).
 * async function list(client: Client, opts: { roomName?: string } = {}, call?: CallOptions) {
 *   const res = await callRpc(client, listEgress, { roomName: opts.roomName ?? "" }, { roomRecord: true }, call);
 *   return res.items;
 * }
 *
 * // 3. Export a namespace object: `export const EgressService = { listEgress: list, ... } as const;`
 * ```
 *
 * `callRpc` validates nothing about business arguments: check required strings with `requireName`
 * (validate.ts) before calling, so bad input fails with `InvalidArgumentError` and sends nothing.
 * Encoding failures of the message (wrong field types) also surface as `InvalidArgumentError`.
 * Auth (cached per grant set), deadlines, retries, interceptors and error mapping are all here.
 */
import type { DescMessage, DescMethodUnary, MessageInitShape, MessageShape } from "@bufbuild/protobuf";
import { create } from "@bufbuild/protobuf";
import type { Client } from "./client.ts";
import { CLIENT_STATE } from "./client.ts";
import { ConfigError, InvalidArgumentError, LiveKitError, TransportError } from "./errors.ts";
import type { RpcGrants } from "./grants.ts";
import { backoffMs, parseRetryAfter, sleep } from "./retry.ts";
import type { InterceptedRequest } from "./transport.ts";
import { CONTENT_TYPE, decodeMessage, encodeMessage, errorFromResponse } from "./twirp-codec.ts";

const SERVER_DEADLINE_MARGIN_MS = 500;
const MAX_TIMER_MS = 2_147_483_647;

/** Per-call options accepted by every service function as its last argument. */
export interface CallOptions {
  /** Cancels the call (including retries); it then rejects with a `TransportError` coded `aborted`. */
  readonly signal?: AbortSignal;
  /** Deadline for the whole call including retries, in ms. Also sent as `X-Twirp-Timeout-Ms`. */
  readonly timeoutMs?: number;
  /** Extra request headers (lower-case names recommended). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A Twirp method prepared once: its wire path and schemas. Build with `defineRpc`. */
export interface Rpc<I extends DescMessage, O extends DescMessage> {
  /** `livekit.RoomService`. */
  readonly service: string;
  /** `CreateRoom`. */
  readonly name: string;
  /** `livekit.RoomService/CreateRoom`, used in error messages and interceptors. */
  readonly label: string;
  /** `/twirp/livekit.RoomService/CreateRoom`. */
  readonly path: string;
  /** Request schema. */
  readonly input: I;
  /** Response schema. */
  readonly output: O;
  /** Safe to retry after any failure: changes nothing on the server. */
  readonly readOnly: boolean;
}

/**
 * Prepares a generated method descriptor (`RoomService.method.listRooms`) for `callRpc`. `readOnly`
 * defaults to true for `List*` and `Get*` methods.
 */
export function defineRpc<I extends DescMessage, O extends DescMessage>(
  method: DescMethodUnary<I, O>,
  options: { readOnly?: boolean } = {},
): Rpc<I, O> {
  const service = method.parent.typeName;
  return {
    service,
    name: method.name,
    label: `${service}/${method.name}`,
    path: `/twirp/${service}/${method.name}`,
    input: method.input,
    output: method.output,
    readOnly: options.readOnly ?? /^(List|Get)[A-Z]/.test(method.name),
  };
}

function encodeRequest<I extends DescMessage>(
  rpc: Rpc<I, DescMessage>,
  init: MessageInitShape<I>,
  format: "protobuf" | "json",
) {
  try {
    return encodeMessage(rpc.input, create(rpc.input, init), format);
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    const error = new InvalidArgumentError(rpc.input.typeName, `cannot encode the request: ${detail}`);
    throw Object.defineProperty(error, "cause", { value: cause });
  }
}

// Signing only fails on unusable credentials; report that as configuration, keeping the token error as cause.
async function signed(pending: Promise<string>): Promise<string> {
  try {
    return await pending;
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    const error = new ConfigError(
      "invalid_config",
      `cannot sign the API token with the configured apiKey/apiSecret: ${detail}`,
    );
    throw Object.defineProperty(error, "cause", { value: cause });
  }
}

function abortedError(rpc: string, cause?: unknown): TransportError {
  return new TransportError("aborted", `${rpc} was aborted by the caller`, { cause, requestSent: true });
}

function asLiveKitError(error: unknown, rpc: string): LiveKitError {
  if (error instanceof LiveKitError) return error;
  // A transport or interceptor broke the contract by throwing something untyped: keep it as the cause.
  return new TransportError(
    "network_error",
    `${rpc} failed: ${error instanceof Error ? error.message : String(error)}`,
    {
      cause: error,
    },
  );
}

/**
 * Sends one RPC: signs (or reuses) a token with `grants`, encodes, sends with deadline and retries,
 * and decodes the response or throws a typed `LiveKitError`.
 */
export async function callRpc<I extends DescMessage, O extends DescMessage>(
  client: Client,
  rpc: Rpc<I, O>,
  request: MessageInitShape<I>,
  grants: RpcGrants,
  options?: CallOptions,
): Promise<MessageShape<O>> {
  const state = client[CLIENT_STATE];
  if (state.closed)
    throw new ConfigError("client_closed", `${rpc.label}: this Client was closed; create a new one`);
  const signal = options?.signal;
  if (signal?.aborted) throw abortedError(rpc.label, signal.reason);
  const requested = options?.timeoutMs ?? state.timeoutMs;
  if (typeof requested !== "number" || !(requested > 0)) {
    throw new InvalidArgumentError(
      "timeoutMs",
      `must be a positive number of milliseconds, got ${String(requested)}`,
    );
  }
  // Timers overflow above 2^31-1 ms and would fire at once: treat anything longer (Infinity too) as that.
  const timeoutMs = Math.min(requested, MAX_TIMER_MS);
  const deadline = Date.now() + timeoutMs;
  const format = state.format;
  const body = encodeRequest(rpc, request, format);
  const cachedAuth = state.tokens.header(grants);
  const authorization = typeof cachedAuth === "string" ? cachedAuth : await signed(cachedAuth);

  const headers: Record<string, string> = {
    ...state.headers,
    ...options?.headers,
    authorization,
    "content-type": CONTENT_TYPE[format],
    "x-request-id": crypto.randomUUID(),
    "x-twirp-timeout-ms": "",
  };
  const policy = state.retry;
  let url = state.urls.get(rpc);
  if (url === undefined) {
    url = state.baseUrl + rpc.path;
    state.urls.set(rpc, url);
  }

  for (let attempt = 1; ; attempt++) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new TransportError("timeout", `${rpc.label} did not complete within ${timeoutMs} ms`);
    }
    headers["x-twirp-timeout-ms"] = String(serverDeadlineMs(remaining));
    const sent: InterceptedRequest = {
      url,
      method: "POST",
      headers,
      body,
      signal,
      timeoutMs: remaining,
      service: rpc.service,
      rpc: rpc.name,
      attempt,
    };
    let error: LiveKitError;
    let retryAfterMs: number | undefined;
    try {
      const response = await state.send(sent);
      if (response.status === 200) return decodeMessage(rpc.output, response, format, rpc.label);
      error = errorFromResponse(response, rpc.label);
      retryAfterMs = parseRetryAfter(response.headers["retry-after"]);
    } catch (thrown) {
      error = asLiveKitError(thrown, rpc.label);
      if (error.code === "malformed_response") throw error;
    }
    if (signal?.aborted) throw error.code === "aborted" ? error : abortedError(rpc.label, signal.reason);
    if (
      attempt >= policy.maxAttempts ||
      !policy.shouldRetry(error, { attempt, readOnly: rpc.readOnly, rpc: rpc.label })
    ) {
      throw error;
    }
    // A Retry-After longer than we are willing to wait means "not now": report instead of hammering early.
    if (retryAfterMs !== undefined && retryAfterMs > policy.maxDelayMs) throw error;
    const delay = retryAfterMs ?? backoffMs(policy, attempt);
    if (Date.now() + delay >= deadline) throw error;
    if (!(await sleep(delay, signal))) throw abortedError(rpc.label, signal?.reason);
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
