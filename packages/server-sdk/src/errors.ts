/** Twirp error codes a LiveKit server (or the client, mirroring them) can report. */
export type TwirpCode =
  | "canceled"
  | "unknown"
  | "invalid_argument"
  | "malformed"
  | "deadline_exceeded"
  | "not_found"
  | "bad_route"
  | "already_exists"
  | "permission_denied"
  | "unauthenticated"
  | "resource_exhausted"
  | "failed_precondition"
  | "aborted"
  | "out_of_range"
  | "unimplemented"
  | "internal"
  | "unavailable"
  | "data_loss";

/** Network-level failure kinds a transport reports. */
export type TransportErrorCode =
  | "connection_refused"
  | "connection_reset"
  | "connect_timeout"
  | "timeout"
  | "aborted"
  | "dns_failure"
  | "network_error"
  | "response_too_large"
  | "redirect";

/** Client-side problems: configuration, arguments, undecodable responses. */
export type ClientErrorCode =
  | "missing_config"
  | "missing_transport"
  | "invalid_config"
  | "client_closed"
  | "malformed_response";

/** Every `code` a `LiveKitError` can carry. `invalid_argument` is also used for arguments rejected before sending. */
export type LiveKitErrorCode = TwirpCode | TransportErrorCode | ClientErrorCode;

const BRAND = Symbol.for("@exlivekit/server-sdk/error");

// `instanceof` must hold across duplicated copies of this package (ESM + CJS in one process),
// so membership is decided by a brand naming the concrete class, not by prototype identity.
function branded(this: { readonly errorName?: string | undefined }, value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const brand = (value as { [BRAND]?: unknown })[BRAND];
  if (typeof brand !== "string") return false;
  return this.errorName === undefined || this.errorName === brand;
}

/** Base class of every error the SDK throws. Switch on `code`; `retryable` says whether retrying the same call may succeed. */
export class LiveKitError extends Error {
  /** Concrete class name used by the cross-copy `instanceof` check; undefined on the base. */
  static readonly errorName: string | undefined = undefined;
  /** Lets `instanceof` work when two copies of the package are loaded. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass `instanceof` was asked about.
    return branded.call(this, value);
  }
  /** Stable, machine-readable error code. */
  readonly code: LiveKitErrorCode;
  /** Whether sending the same call again could succeed. */
  readonly retryable: boolean;
  /** HTTP status when the failure came with a response. */
  readonly status: number | undefined;

  /** Creates an error; prefer the subclasses. */
  constructor(
    code: LiveKitErrorCode,
    message: string,
    options: { cause?: unknown; retryable?: boolean; status?: number | undefined } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "LiveKitError";
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.status = options.status;
    Object.defineProperty(this, BRAND, { value: new.target.errorName ?? "LiveKitError" });
  }
}

/** An error response from the server: a Twirp JSON error, or a non-Twirp status such as a plain-text 401. */
export class TwirpError extends LiveKitError {
  static override readonly errorName = "TwirpError";
  declare readonly code: TwirpCode;
  declare readonly status: number;
  /** The server's message (the Twirp `msg`). */
  readonly msg: string;
  /** The Twirp `meta` map; empty when the body was not Twirp JSON. */
  readonly meta: Readonly<Record<string, string>>;
  /** The RPC that failed, e.g. `livekit.RoomService/CreateRoom`. */
  readonly rpc: string | undefined;

  /** Creates a server error. */
  constructor(
    code: TwirpCode,
    msg: string,
    options: { status: number; meta?: Record<string, string>; rpc?: string; retryable?: boolean },
  ) {
    const where = options.rpc === undefined ? "" : ` from ${options.rpc}`;
    super(code, `${code} (HTTP ${options.status})${where}: ${msg}`, {
      status: options.status,
      retryable: options.retryable ?? (code === "unavailable" || code === "resource_exhausted"),
    });
    this.name = "TwirpError";
    this.msg = msg;
    this.meta = options.meta ?? {};
    this.rpc = options.rpc;
  }
}

/**
 * A network failure (refused, reset, timeout, aborted, DNS), a response past the transport's
 * `maxResponseBytes` (`response_too_large`) or a 3xx answer, which is never followed (`redirect`, with
 * its `status`). The original error is kept as `cause`.
 */
export class TransportError extends LiveKitError {
  static override readonly errorName = "TransportError";
  declare readonly code: TransportErrorCode;
  /**
   * False when the failure happened before any byte of the request left (refused, DNS, connect timeout, or,
   * where the transport can tell, a connection cut before it wrote the request, such as a reset during the
   * TLS handshake): then the server cannot have acted on it and any call is safe to retry.
   */
  readonly requestSent: boolean;

  /** Creates a transport error; `requestSent` defaults to true (the safe assumption). */
  constructor(
    code: TransportErrorCode,
    message: string,
    options: { cause?: unknown; requestSent?: boolean; status?: number | undefined } = {},
  ) {
    const requestSent = options.requestSent ?? true;
    super(code, message, { cause: options.cause, retryable: !requestSent, status: options.status });
    this.name = "TransportError";
    this.requestSent = requestSent;
  }
}

/**
 * Missing or invalid configuration: host, credentials, transport, options; nothing was sent. Also
 * `client_closed`: the client was closed before the call, or while it was in flight or waiting to retry.
 */
export class ConfigError extends LiveKitError {
  static override readonly errorName = "ConfigError";
  declare readonly code: "missing_config" | "missing_transport" | "invalid_config" | "client_closed";

  /** Creates a configuration error. */
  constructor(
    code: "missing_config" | "missing_transport" | "invalid_config" | "client_closed",
    message: string,
  ) {
    super(code, message);
    this.name = "ConfigError";
  }
}

/** An argument rejected before sending (empty room name, wrong type). Nothing was sent. */
export class InvalidArgumentError extends LiveKitError {
  static override readonly errorName = "InvalidArgumentError";
  declare readonly code: "invalid_argument";
  /** The argument or field that is wrong, e.g. `room`. */
  readonly argument: string;

  /** Creates an argument error naming the offending argument. */
  constructor(argument: string, message: string) {
    super("invalid_argument", `${argument}: ${message}`);
    this.name = "InvalidArgumentError";
    this.argument = argument;
  }
}

/** A success status whose body could not be decoded as the expected message. */
export class MalformedResponseError extends LiveKitError {
  static override readonly errorName = "MalformedResponseError";
  declare readonly code: "malformed_response";

  /** Creates a decode error. */
  constructor(message: string, options: { status: number; cause?: unknown }) {
    super("malformed_response", message, { status: options.status, cause: options.cause });
    this.name = "MalformedResponseError";
  }
}
