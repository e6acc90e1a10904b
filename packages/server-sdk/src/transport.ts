/**
 * One HTTP request as the client hands it to a transport. Header names are lower-case.
 */
export interface TransportRequest {
  /** Absolute URL, e.g. `http://127.0.0.1:7880/twirp/livekit.RoomService/ListRooms`. */
  readonly url: string;
  /** HTTP method: `POST` for Twirp; `GET` (with an empty body) for endpoint probes and Cloud region lookups. */
  readonly method: string;
  /** Lower-case header names to values. */
  readonly headers: Record<string, string>;
  /** The encoded request message. */
  readonly body: Uint8Array;
  /** Aborts the request when it fires; the transport rejects with a `TransportError` coded `aborted`. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Time left until the call's deadline, in milliseconds. The transport must settle (resolve or reject
   * with a `TransportError` coded `timeout`) within it, body included.
   */
  readonly timeoutMs: number;
}

/** What a transport resolves with once the whole response body has arrived. */
export interface TransportResponse {
  /** HTTP status code. */
  readonly status: number;
  /** Response headers with lower-case names. Repeated headers may be given as an array. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The full response body. */
  readonly body: Uint8Array;
}

/**
 * The one thing the client needs from an HTTP stack. Implementations must never reject with anything
 * but a `TransportError` (network failures) so callers always get a typed error, must never follow a
 * redirect (reject with `redirectError`), and must stop reading past a size cap (reject with
 * `responseTooLargeError`); see transport-error.ts.
 */
export interface Transport {
  /** Sends one request and resolves with the complete response, whatever its status. */
  request(request: TransportRequest): Promise<TransportResponse>;
  /** The deadline the transport applies when neither the client nor the call sets one, in milliseconds. */
  readonly timeoutMs?: number;
  /**
   * Ends requests in flight (they reject at once) and releases pooled connections and timers; the
   * transport may not be used afterwards.
   */
  close?(): Promise<void> | void;
}

/** A function that sends one request: a `Transport.request` or an interceptor-wrapped version of it. */
export type SendFn = (request: InterceptedRequest) => Promise<TransportResponse>;

/** The request an interceptor sees: the transport request plus which RPC and attempt it belongs to. */
export interface InterceptedRequest extends TransportRequest {
  /** Fully-qualified service name, e.g. `livekit.RoomService`. */
  readonly service: string;
  /** Method name as on the wire, e.g. `CreateRoom`. */
  readonly rpc: string;
  /** 1 for the first try, 2 for the first retry, ... */
  readonly attempt: number;
  /** The endpoint (HTTP base, one of `client.hosts` or a Cloud region) this attempt goes to. */
  readonly endpoint: string;
}

/**
 * Wraps every HTTP attempt, e.g. to log or measure calls: `(next) => async (req) => { ...; return next(req) }`.
 * Interceptors run in the order given; the first one is outermost.
 */
export type Interceptor = (next: SendFn) => SendFn;
