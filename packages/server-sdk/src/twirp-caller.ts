/**
 * The one generic Twirp caller every service function goes through.
 *
 * Adding a service (e.g. `services/egress.ts`):
 *
 * ```ts
 * import { EgressWire } from "@exlivekit/protocol/wire/egress";  // the generated method table
 * import { serviceRpc, callRpc } from "../twirp-caller.ts";
 * import type { CallOptions } from "../twirp-caller.ts";
 *
 * // 1. Prepare each method once, at module load: path and codecs. Mark the call with the PURE annotation
 * //    (see the services) so that an unused RPC drops out of bundles with its codecs.
 * const listEgress = serviceRpc(EgressWire, "listEgress", EGRESS);  // EGRESS: its retry classes (retry-classes.ts)
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
 * Auth (cached per grant set), headers, deadlines and error mapping are here; the attempt loop (retries,
 * close, abort) is attempt-loop.ts. An RPC whose server waits on its own (a ringing phone, a participant's
 * RPC handler) says so with `wireRpc(table, name, { serverWaitMs })`, and the call's default deadline
 * outlives it.
 */
import type { DescMessage, Message, MessageInitShape, MessageShape } from "@bufbuild/protobuf";
import type { GenMessage } from "@bufbuild/protobuf/codegenv2";
import type { WireMethod } from "@exlivekit/protocol/wire/runtime";
import { fromBinary, toBinary } from "@exlivekit/protocol/wire/runtime";
import { abortedError, closedError, runAttempts } from "./attempt-loop.ts";
import type { Client } from "./client.ts";
import { CLIENT_STATE } from "./client.ts";
import { ConfigError, InvalidArgumentError } from "./errors.ts";
import type { RpcGrants } from "./grants.ts";
import { mergeHeaders } from "./request-headers.ts";
import type { RetryOptions } from "./retry.ts";
import { resolveRetry } from "./retry.ts";
import { RETRY_CLASSES, type RetryClass, type RetryClasses, retryClassOf } from "./retry-classes.ts";
import type { WireCodec } from "./twirp-codec.ts";
import { decodeMessage } from "./twirp-codec.ts";

const MAX_TIMER_MS = 2_147_483_647;
// Time on top of a server-side wait for setup and the trip back, so the HTTP call outlives the wait.
const SERVER_WAIT_MARGIN_MS = 10_000;

/** Per-call options accepted by every service function as its last argument. */
export interface CallOptions {
  /** Cancels the call (including retries); it then rejects with a `TransportError` coded `aborted`. */
  readonly signal?: AbortSignal;
  /**
   * Deadline for the whole call including retries, in ms. Also sent as `X-Twirp-Timeout-Ms`. Default: the
   * client's, raised for RPCs that wait on the server's side (see the README's "Deadlines").
   */
  readonly timeoutMs?: number;
  /**
   * Extra request headers, merged case-insensitively over the client's. `authorization`, `content-type`
   * and the other headers the SDK sets are refused. `x-livekit-request-id` replaces the generated id.
   */
  readonly headers?: Readonly<Record<string, string>>;
  /** This call's retry policy: fields given replace the client's; `false` sends once. */
  readonly retry?: RetryOptions | false;
}

/** JSON codecs of one method, for `defineRpc`'s descriptor-built RPCs (generated ones live in `/json`). */
export interface RpcJson {
  /** Protobuf JSON bytes of a request message or init object. */
  encode(message: object): Uint8Array;
  /** The response from protobuf JSON bytes. */
  decode(body: Uint8Array): object;
}

/** A Twirp method prepared once: its wire path and codecs. Build with `wireRpc` or `defineRpc`. */
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
  /** `safe` (may be retried after a failure) or `unsafe`, from the table in retry-classes.ts. */
  readonly retryClass: RetryClass;
  /** How long the server may legitimately wait before answering this request, in ms (0: it answers at once). */
  readonly serverWaitMs: ((request: MessageInitShape<I>) => number) | undefined;
  /** Binary protobuf of a request message or init object. */
  readonly encode: (message: MessageInitShape<I>) => Uint8Array;
  /** The response from binary protobuf. */
  readonly decode: (body: Uint8Array) => MessageShape<O>;
  /** JSON codecs when the RPC carries its own (descriptor-built ones do). */
  readonly json?: RpcJson;
}

/** Options of `wireRpc` and `defineRpc`. */
export interface RpcOptions<I extends DescMessage> {
  /** How long the server itself may wait on a request (the call's default deadline is raised to outlive it). */
  readonly serverWaitMs?: (request: MessageInitShape<I>) => number;
}

type RequestOf<M> = M extends WireMethod<infer I, infer _O> ? I : never;
type ResponseOf<M> = M extends WireMethod<infer _I, infer O> ? O : never;

/**
 * Prepares a method of a generated table (`wireRpc(RoomServiceWire, "listRooms")`, the table from
 * `@exlivekit/protocol/wire/room`) for `callRpc`: descriptor-free, so a bundle carries only the messages
 * of the methods it calls. Its retry class comes from the tables in retry-classes.ts (`unsafe` for a
 * service they do not know).
 */
export function wireRpc<T extends object, K extends keyof T & string>(
  table: T,
  key: K,
  options: RpcOptions<GenMessage<RequestOf<T[K]>>> = {},
): Rpc<GenMessage<RequestOf<T[K]>>, GenMessage<ResponseOf<T[K]>>> {
  const { service } = table[key] as WireMethod<Message, Message>;
  return serviceRpc(table, key, RETRY_CLASSES[service], options);
}

/**
 * `wireRpc` for the SDK's services, which name their service's retry classes themselves
 * (`serviceRpc(RoomServiceWire, "listRooms", ROOM_SERVICE)`): a bundle then keeps only those, not every
 * service's. Table and name are separate arguments (no property read a bundler must keep), so that with the
 * PURE annotation an unused RPC drops out of a bundle with its codecs.
 */
export function serviceRpc<T extends object, K extends keyof T & string>(
  table: T,
  key: K,
  classes: RetryClasses | undefined,
  options: RpcOptions<GenMessage<RequestOf<T[K]>>> = {},
): Rpc<GenMessage<RequestOf<T[K]>>, GenMessage<ResponseOf<T[K]>>> {
  const method = table[key] as WireMethod<Message, Message>;
  const { service, name, encode, decode } = method;
  // A slip in a service module (another service's classes) fails at its import, in every test.
  if (classes !== undefined && classes.service !== service) {
    throw new Error(`${service}/${name} given the retry classes of ${classes.service}`);
  }
  return {
    service,
    name,
    label: `${service}/${name}`,
    path: `/twirp/${service}/${name}`,
    inputName: method.input,
    outputName: method.output,
    retryClass: retryClassOf(classes, name),
    serverWaitMs: options.serverWaitMs,
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

/** The call's deadline: explicit, else the client's default raised past the server's own wait. */
function callTimeoutMs<I extends DescMessage>(
  rpc: Rpc<I, DescMessage>,
  request: MessageInitShape<I>,
  requested: number | undefined,
  clientDefault: number,
): number {
  if (requested !== undefined) {
    if (typeof requested !== "number" || !(requested > 0)) {
      throw new InvalidArgumentError(
        "timeoutMs",
        `must be a positive number of milliseconds, got ${String(requested)}`,
      );
    }
    // Timers overflow above 2^31-1 ms and would fire at once: treat anything longer (Infinity too) as that.
    return Math.min(requested, MAX_TIMER_MS);
  }
  const wait = rpc.serverWaitMs?.(request) ?? 0;
  return wait > 0
    ? Math.min(Math.max(clientDefault, wait + SERVER_WAIT_MARGIN_MS), MAX_TIMER_MS)
    : clientDefault;
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
  if (state.closed) throw closedError(rpc.label);
  const userSignal = options?.signal;
  if (userSignal?.aborted) throw abortedError(rpc.label, userSignal.reason);
  const timeoutMs = callTimeoutMs(rpc, request, options?.timeoutMs, state.timeoutMs);
  const deadline = Date.now() + timeoutMs;
  const policy = resolveRetry(options?.retry, state.retry);
  const format = state.format;
  const headers = mergeHeaders(state.headers, options?.headers, "headers");
  const body = encodeRequest(rpc as Rpc, request as object, format);
  const cachedAuth = state.tokens.header(grants);
  headers.authorization = typeof cachedAuth === "string" ? cachedAuth : await signed(cachedAuth);
  headers["content-type"] = format.contentType;
  // One id per logical call, the same on every attempt: the server and its logs can tie retries together.
  headers["x-livekit-request-id"] ??= crypto.randomUUID();

  // One controller per call: the caller's signal and client.close() both end it.
  const controller = new AbortController();
  const onAbort = () => controller.abort(userSignal?.reason);
  userSignal?.addEventListener("abort", onAbort);
  state.inFlight.add(controller);
  try {
    if (state.closed) throw closedError(rpc.label);
    const response = await runAttempts(state, {
      target: rpc,
      body,
      headers,
      deadline,
      timeoutMs,
      policy,
      signal: controller.signal,
      closed: () => state.closed,
    });
    return decodeMessage(rpc as Rpc, response, format) as MessageShape<O>;
  } finally {
    state.inFlight.delete(controller);
    userSignal?.removeEventListener("abort", onAbort);
  }
}
