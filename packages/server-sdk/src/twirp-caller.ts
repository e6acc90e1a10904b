/**
 * The one generic Twirp caller every service function goes through.
 *
 * Adding a service (e.g. `services/egress.ts`):
 *
 * ```ts
 * import { EgressWire } from "@exlivekit/protocol/wire/egress";  // the generated method table
 * import { wireRpc, callRpc } from "../twirp-caller.ts";
 * import type { CallOptions } from "../twirp-caller.ts";
 *
 * // 1. Prepare each method once, at module load: path, codecs, read-only flag. Mark the call with the
 * //    PURE annotation (see the services) so that an unused RPC drops out of bundles with its codecs.
 * const listEgress = wireRpc(EgressWire, "listEgress");        // read-only: List and Get methods, by name
 *
 * // 2. A service function only shapes arguments and picks the grants (LIVEKIT.md's table).
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
import type { DescMessage, Message, MessageInitShape, MessageShape } from "@bufbuild/protobuf";
import type { GenMessage } from "@bufbuild/protobuf/codegenv2";
import type { WireMethod } from "@exlivekit/protocol/wire/runtime";
import { fromBinary, toBinary } from "@exlivekit/protocol/wire/runtime";
import type { Client } from "./client.ts";
import { CLIENT_STATE } from "./client.ts";
import { ConfigError, InvalidArgumentError, LiveKitError, TransportError } from "./errors.ts";
import type { RpcGrants } from "./grants.ts";
import { backoffMs, parseRetryAfter, sleep } from "./retry.ts";
import type { InterceptedRequest } from "./transport.ts";
import type { WireCodec } from "./twirp-codec.ts";
import { decodeMessage, errorFromResponse } from "./twirp-codec.ts";

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

/** JSON codecs of one method, for `defineRpc`'s descriptor-built RPCs (generated ones live in `/json`). */
export interface RpcJson {
  encode(message: object): Uint8Array;
  decode(body: Uint8Array): object;
}

/** A Twirp method prepared once: its wire path and codecs. Build with `defineRpc`. */
export interface Rpc<I extends DescMessage = DescMessage, O extends DescMessage = DescMessage> {
  /** `livekit.RoomService`. */
  readonly service: string;
  /** `CreateRoom`. */
  readonly name: string;
  /** `livekit.RoomService/CreateRoom`, used in error messages and interceptors. */
  readonly label: string;
  /** `/twirp/livekit.RoomService/CreateRoom`. */
  readonly path: string;
  /** Request type name, `livekit.CreateRoomRequest`. */
  readonly inputName: string;
  /** Response type name, `livekit.Room`. */
  readonly outputName: string;
  /** Safe to retry after any failure: changes nothing on the server. */
  readonly readOnly: boolean;
  /** Binary protobuf of a request message or init object. */
  readonly encode: (message: MessageInitShape<I>) => Uint8Array;
  /** The response from binary protobuf. */
  readonly decode: (body: Uint8Array) => MessageShape<O>;
  /** JSON codecs when the RPC carries its own (descriptor-built ones do). */
  readonly json?: RpcJson;
}

type RequestOf<M> = M extends WireMethod<infer I, infer _O> ? I : never;
type ResponseOf<M> = M extends WireMethod<infer _I, infer O> ? O : never;

/**
 * Prepares a method of a generated table (`wireRpc(RoomServiceWire, "listRooms")`, the table from
 * `@exlivekit/protocol/wire/room`) for `callRpc`: descriptor-free, so a bundle carries only the messages
 * of the methods it calls. Table and name are separate arguments (no property read a bundler must keep),
 * so that with the PURE annotation an unused RPC drops out of a bundle with its codecs. `readOnly` defaults to true for `List*` and `Get*`.
 */
export function wireRpc<T extends object, K extends keyof T & string>(
  table: T,
  key: K,
  options: { readOnly?: boolean } = {},
): Rpc<GenMessage<RequestOf<T[K]>>, GenMessage<ResponseOf<T[K]>>> {
  const method = table[key] as WireMethod<Message, Message>;
  const { service, name, encode, decode } = method;
  return {
    service,
    name,
    label: `${service}/${name}`,
    path: `/twirp/${service}/${name}`,
    inputName: method.input,
    outputName: method.output,
    readOnly: options.readOnly ?? /^(List|Get)[A-Z]/.test(name),
    // An init object encodes like the message create() would make of it: absent fields are zero.
    encode: (message) => toBinary(encode, message as Message),
    decode: (body) => fromBinary(decode, body) as never,
  };
}

function encodeRequest(rpc: Rpc, init: object, format: WireCodec) {
  try {
    return format.encode(rpc, init);
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    const error = new InvalidArgumentError(rpc.inputName, `cannot encode the request: ${detail}`);
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
  const body = encodeRequest(rpc as Rpc, request as object, format);
  const cachedAuth = state.tokens.header(grants);
  const authorization = typeof cachedAuth === "string" ? cachedAuth : await signed(cachedAuth);

  const headers: Record<string, string> = {
    ...state.headers,
    ...options?.headers,
    authorization,
    "content-type": format.contentType,
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
      if (response.status === 200) return decodeMessage(rpc as Rpc, response, format) as MessageShape<O>;
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
