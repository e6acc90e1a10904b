import { readEnv } from "@exlivekit/token";
import type { Authorizer } from "./auth.ts";
import { PresignedToken, TokenCache } from "./auth.ts";
import { cloudRegions, isCloudHost } from "./cloud-regions.ts";
import { Endpoints, httpProbe } from "./endpoints.ts";
import { ConfigError } from "./errors.ts";
import { normalizeHost } from "./host.ts";
import { mergeHeaders, USER_AGENT } from "./request-headers.ts";
import type { RetryOptions, RetryPolicy } from "./retry.ts";
import { resolveRetry } from "./retry.ts";
import type { Interceptor, SendFn, Transport } from "./transport.ts";
import type { WireCodec, WireFormat } from "./twirp-codec.ts";
import { protobufFormat } from "./twirp-codec.ts";

/**
 * Options of `new Client(...)`. Explicit values win over `LIVEKIT_URL` / `LIVEKIT_API_KEY` /
 * `LIVEKIT_API_SECRET` / `LIVEKIT_TOKEN`. Authenticate with an API key and secret (a token with exactly
 * each call's grants is signed per grant set) or with a pre-signed `token`, not both.
 */
export interface ClientOptions {
  /**
   * Server URL: http, https, ws or wss, optionally with a base path. Default: `LIVEKIT_URL` (which may
   * list several nodes, comma-separated). A LiveKit Cloud project (`*.livekit.cloud`) fails over to its
   * other regions.
   */
  readonly host?: string;
  /**
   * Several endpoints of one cluster, in order of preference, instead of `host`: calls start on the first
   * healthy one and fail over to the next (see the README's "Running against a cluster").
   */
  readonly hosts?: readonly string[];
  /** API key. Default: `LIVEKIT_API_KEY`. */
  readonly apiKey?: string;
  /** API secret. Default: `LIVEKIT_API_SECRET`. */
  readonly apiSecret?: string;
  /**
   * A pre-signed access token sent as-is on every call instead of signing one; it must carry the grants
   * of the calls it is used for. Needs no secret. Default: `LIVEKIT_TOKEN`, unless `apiKey` or
   * `apiSecret` is given explicitly (an explicit key pair wins over an ambient token).
   */
  readonly token?: string;
  /** The HTTP stack: `undiciTransport()` from @exlivekit/transport-undici or `fetchTransport()` from @exlivekit/transport-fetch. */
  readonly transport: Transport;
  /**
   * Wire encoding. Default `"protobuf"` (smaller, faster); for debugging proxies, JSON:
   * `import { jsonFormat } from "@exlivekit/server-sdk/json"` and pass `format: jsonFormat`.
   */
  readonly format?: WireFormat;
  /** Default per-call deadline in ms, retries included. Default: the transport's (30 000 ms for both transports). */
  readonly timeoutMs?: number;
  /** Retry policy, or `false` for a single attempt. Default: 3 attempts, only where safe. */
  readonly retry?: RetryOptions | false;
  /** Wrap every HTTP attempt, e.g. for logging and metrics. */
  readonly interceptors?: readonly Interceptor[];
  /**
   * Headers sent with every call, merged case-insensitively (per-call `headers` override them). Checked
   * here: a malformed one, or one the SDK sets (`authorization`, `content-type`...), is an `InvalidArgumentError`.
   */
  readonly headers?: Readonly<Record<string, string>>;
  /** Lifetime of the signed API tokens in seconds; each is reused for half of it. Default 600. */
  readonly tokenTtlSeconds?: number;
}

/** The resolved configuration the Twirp caller reads on every call. Internal. */
export interface ClientState {
  /** The first configured endpoint; `urls` caches the full URLs of its RPCs. */
  readonly baseUrl: string;
  /** Every endpoint and its health: where each attempt goes. */
  readonly endpoints: Endpoints;
  readonly send: SendFn;
  readonly format: WireCodec;
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  /** `user-agent` and the client's headers, lower-case names, already validated. */
  readonly headers: Readonly<Record<string, string>>;
  readonly tokens: Authorizer;
  readonly transport: Transport;
  /** Full URL per prepared RPC, so each call reuses one flat string (cheap to hash in the transport's route cache). */
  readonly urls: Map<object, string>;
  /** Set by `close()`: later calls fail fast instead of reaching a released transport. */
  closed: boolean;
  /** One controller per call in flight; `close()` aborts them all. */
  readonly inFlight: Set<AbortController>;
}

/** Where the caller finds a client's state; not exported from the package entry. */
export const CLIENT_STATE: unique symbol = Symbol("exlivekit.client");

const MISSING_TRANSPORT =
  "No transport given. Install one and pass it to the client:\n" +
  '  Node:        npm i @exlivekit/transport-undici   then   new Client({ transport: undiciTransport() })   // import { undiciTransport } from "@exlivekit/transport-undici"\n' +
  '  any runtime: npm i @exlivekit/transport-fetch    then   new Client({ transport: fetchTransport() })    // import { fetchTransport } from "@exlivekit/transport-fetch"';

function configValue(value: string | undefined, option: string, env: string): string {
  const resolved = value ?? readEnv(env);
  if (resolved === undefined || resolved === "") {
    throw new ConfigError(
      "missing_config",
      `Missing ${option}: pass { ${option} } to new Client() or set ${env}`,
    );
  }
  return resolved;
}

/** `hosts`, else `host`, else `LIVEKIT_URL` split at commas: normalized, without duplicates. */
function resolveHosts(opts: ClientOptions): string[] {
  let raw: readonly string[];
  if (opts.hosts !== undefined) {
    if (opts.host !== undefined) {
      throw new ConfigError("invalid_config", "pass either host or hosts to new Client(), not both");
    }
    if (
      !Array.isArray(opts.hosts) ||
      opts.hosts.length === 0 ||
      opts.hosts.some((h) => typeof h !== "string")
    ) {
      throw new ConfigError("invalid_config", "hosts must be a non-empty array of URLs");
    }
    raw = opts.hosts;
  } else if (opts.host !== undefined) {
    raw = [configValue(opts.host, "host", "LIVEKIT_URL")];
  } else {
    raw = configValue(undefined, "host", "LIVEKIT_URL")
      .split(",")
      .map((part) => part.trim())
      .filter((part) => part !== "");
    if (raw.length === 0) {
      throw new ConfigError(
        "missing_config",
        "Missing host: pass { host } to new Client() or set LIVEKIT_URL",
      );
    }
  }
  return [...new Set(raw.map(normalizeHost))];
}

// A JWT is base64url segments joined by dots; anything else (a space, a newline) would corrupt the header.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/** The token option or environment, else the key pair: the official SDK's precedence. */
function authorizer(opts: ClientOptions, ttlSeconds: number): Authorizer {
  const explicitKeys = opts.apiKey !== undefined || opts.apiSecret !== undefined;
  if (opts.token !== undefined && explicitKeys) {
    throw new ConfigError(
      "invalid_config",
      "pass either token or apiKey/apiSecret to new Client(), not both",
    );
  }
  const token = opts.token ?? (explicitKeys ? undefined : readEnv("LIVEKIT_TOKEN"));
  if (token === undefined) {
    const apiKey = configValue(opts.apiKey, "apiKey", "LIVEKIT_API_KEY");
    const apiSecret = configValue(opts.apiSecret, "apiSecret", "LIVEKIT_API_SECRET");
    return new TokenCache(apiKey, apiSecret, ttlSeconds);
  }
  if (typeof token !== "string" || !TOKEN_SHAPE.test(token)) {
    // Never echo the value: it is a credential.
    throw new ConfigError("invalid_config", "token must be a JWT (base64url segments joined by dots)");
  }
  return new PresignedToken(token);
}

function positive(value: number | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new ConfigError(
      "invalid_config",
      `${option} must be a positive number of milliseconds, got ${String(value)}`,
    );
  }
  return value;
}

function wireCodec(format: WireFormat | undefined): WireCodec {
  if (format === undefined || format === "protobuf") return protobufFormat;
  if (
    typeof format === "object" &&
    format !== null &&
    typeof format.encode === "function" &&
    typeof format.decode === "function" &&
    typeof format.contentType === "string"
  ) {
    return format;
  }
  if ((format as unknown) === "json") {
    throw new ConfigError(
      "invalid_config",
      'for JSON pass format: jsonFormat from "@exlivekit/server-sdk/json"',
    );
  }
  throw new ConfigError("invalid_config", `format must be "protobuf" or jsonFormat, got ${String(format)}`);
}

/**
 * A LiveKit server API client: host, credentials and transport. Pass it as the first argument of the
 * service functions (`RoomService.createRoom(client, "my-room")`).
 */
export class Client {
  /** @internal Resolved configuration; read by the Twirp caller. */
  readonly [CLIENT_STATE]: ClientState;
  /** The HTTP base every Twirp path is appended to, e.g. `https://my.livekit.cloud`; the first of `hosts`. */
  readonly host: string;
  /** Every configured endpoint (HTTP bases), in order of preference. */
  readonly hosts: readonly string[];
  #closed: Promise<void> | undefined;

  /** Resolves options and environment; throws `ConfigError` naming what is missing. */
  constructor(options: ClientOptions) {
    const opts = options ?? ({} as ClientOptions);
    const transport = opts.transport;
    if (transport === undefined || transport === null || typeof transport.request !== "function") {
      throw new ConfigError("missing_transport", MISSING_TRANSPORT);
    }
    const hosts = resolveHosts(opts);
    const host = hosts[0] as string;
    const format = wireCodec(opts.format);
    const ttl = opts.tokenTtlSeconds ?? 600;
    if (!Number.isInteger(ttl) || ttl < 60) {
      throw new ConfigError("invalid_config", `tokenTtlSeconds must be an integer >= 60, got ${String(ttl)}`);
    }
    const tokens = authorizer(opts, ttl);
    let send: SendFn = (request) => transport.request(request);
    const interceptors = opts.interceptors ?? [];
    for (let i = interceptors.length - 1; i >= 0; i--) {
      const interceptor = interceptors[i];
      if (typeof interceptor !== "function") {
        throw new ConfigError(
          "invalid_config",
          `interceptors[${i}] must be a function (next) => (request) => response`,
        );
      }
      send = interceptor(send);
    }
    this.host = host;
    this.hosts = hosts;
    this[CLIENT_STATE] = {
      baseUrl: host,
      // Two sources of endpoints, one mechanism: the configured list, or a Cloud project and its regions.
      endpoints: new Endpoints(hosts, {
        probe: httpProbe(transport),
        discover: hosts.length === 1 && isCloudHost(host) ? cloudRegions(host, transport) : undefined,
      }),
      send,
      format,
      timeoutMs:
        positive(opts.timeoutMs, "timeoutMs") ??
        positive(transport.timeoutMs, "transport.timeoutMs") ??
        30_000,
      retry: resolveRetry(opts.retry),
      headers: mergeHeaders({ "user-agent": USER_AGENT }, opts.headers, "headers"),
      tokens,
      transport,
      urls: new Map(),
      closed: false,
      inFlight: new Set(),
    };
  }

  /**
   * Ends the client promptly: calls in flight (or waiting to retry) reject with `client_closed`, later
   * calls too, and the transport releases its sockets and timers. Idempotent.
   */
  close(): Promise<void> {
    const state = this[CLIENT_STATE];
    state.closed = true;
    for (const controller of state.inFlight) controller.abort();
    state.inFlight.clear();
    const transport = state.transport;
    this.#closed ??= (async () => {
      await transport.close?.();
    })();
    return this.#closed;
  }
}
