import type { Transport, TransportRequest, TransportResponse } from "@exlivekit/server-sdk/transport";
import { ConfigError, maxResponseBytesOption, TransportError } from "@exlivekit/server-sdk/transport";
import type { Dispatcher, Pool } from "undici";
import { type Cancel, collectResponse } from "./collect-response.ts";
import { poolClass } from "./undici-pool.ts";

/** Options of `undiciTransport()`, mirroring ExLivekit's hackney settings. */
export interface UndiciTransportOptions {
  /** Maximum sockets per origin (the pool size). Default 50. */
  readonly connections?: number;
  /** Default deadline of a call in ms, body included, when neither client nor call sets one. Default 30 000. */
  readonly timeout?: number;
  /** Deadline for establishing a TCP/TLS connection, in ms. Default 10 000. */
  readonly connectTimeout?: number;
  /** How long an idle keep-alive socket stays open, in ms. Default 4 000 (below common server idle timeouts). */
  readonly keepAliveTimeout?: number;
  /** Requests pipelined per socket. Default 1 (no pipelining). */
  readonly pipelining?: number;
  /**
   * Largest response body accepted, in bytes. Past it the transport stops reading, drops the socket and
   * rejects with a `TransportError` coded `response_too_large`. Default 32 MiB (`DEFAULT_MAX_RESPONSE_BYTES`).
   */
  readonly maxResponseBytes?: number;
  /**
   * Use this dispatcher (Agent, ProxyAgent, MockAgent...) instead of the transport's own pools. Not closed
   * by `close()` (requests in flight through it are still ended).
   */
  readonly dispatcher?: Dispatcher;
}

interface Route {
  readonly dispatcher: Dispatcher;
  readonly origin: string;
  readonly path: string;
}

const MAX_ROUTES = 256;

type PoolClass = typeof Pool;

function positiveInt(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  // Number.isFinite is false for anything but a finite number (no coercion).
  if (!Number.isFinite(value) || value <= 0) {
    throw new ConfigError(
      "invalid_config",
      `undiciTransport: ${name} must be a positive number, got ${String(value)}`,
    );
  }
  return value;
}

function closedError(): TransportError {
  return new TransportError("network_error", "undiciTransport is closed; create a new one", {
    requestSent: false,
  });
}

async function loadedPool(loading: Promise<PoolClass>): Promise<PoolClass> {
  try {
    return await loading;
  } catch (cause) {
    const error = new ConfigError(
      "invalid_config",
      "undiciTransport cannot load undici's Pool: is undici 7 installed?",
    );
    throw Object.defineProperty(error, "cause", { value: cause });
  }
}

/**
 * A pooled keep-alive transport for Node over undici: one `Pool` per origin. Pass it to the client:
 * `new Client({ transport: undiciTransport() })`. Call `client.close()` when done to release sockets.
 */
export function undiciTransport(options: UndiciTransportOptions = {}): Transport {
  const connections = positiveInt("connections", options.connections, 50);
  const timeoutMs = positiveInt("timeout", options.timeout, 30_000);
  const connectTimeout = positiveInt("connectTimeout", options.connectTimeout, 10_000);
  const keepAliveTimeout = positiveInt("keepAliveTimeout", options.keepAliveTimeout, 4_000);
  const pipelining = positiveInt("pipelining", options.pipelining, 1);
  const maxResponseBytes = maxResponseBytesOption(options.maxResponseBytes, "undiciTransport");
  const inFlight = new Set<Cancel>();
  const external = options.dispatcher;
  const pools = new Map<string, Pool>();
  // URLs repeat per RPC, so parsing each once keeps URL parsing off the hot path.
  const routes = new Map<string, Route>();
  let closed = false;

  function route(url: string, PoolCtor: PoolClass | undefined): Route {
    const cached = routes.get(url);
    if (cached !== undefined) return cached;
    const parsed = new URL(url);
    const origin = parsed.origin;
    let dispatcher: Dispatcher | undefined = external;
    if (dispatcher === undefined) {
      let pool = pools.get(origin);
      if (pool === undefined) {
        pool = new (PoolCtor as PoolClass)(origin, {
          connections,
          pipelining,
          keepAliveTimeout,
          connect: { timeout: connectTimeout },
          // The per-call deadline below bounds headers and body together; undici's own phase timers would
          // cut long server-side waits (e.g. SIP calls) that the caller explicitly allowed.
          headersTimeout: 0,
          bodyTimeout: 0,
        });
        pools.set(origin, pool);
      }
      dispatcher = pool;
    }
    const result: Route = { dispatcher, origin, path: parsed.pathname + parsed.search };
    if (routes.size >= MAX_ROUTES) routes.clear();
    routes.set(url, result);
    return result;
  }

  async function request(req: TransportRequest): Promise<TransportResponse> {
    if (closed) throw closedError();
    // Only the first request waits for undici's Pool to load; later ones find it loaded.
    let PoolCtor = external === undefined ? poolClass() : undefined;
    if (PoolCtor instanceof Promise) {
      PoolCtor = await loadedPool(PoolCtor);
      if (closed) throw closedError();
    }
    let target: Route;
    try {
      target = route(req.url, PoolCtor);
    } catch (cause) {
      throw new TransportError("network_error", "invalid request URL", { cause, requestSent: false });
    }
    if (req.signal?.aborted) {
      throw new TransportError("aborted", `request to ${target.origin} was aborted`, { requestSent: false });
    }
    return collectResponse(target.dispatcher, target.origin, target.path, req, maxResponseBytes, inFlight);
  }

  // Requests in flight end at once (rejected, their sockets dropped), so closing never waits for deadlines.
  // A second close() finds nothing left to end.
  async function close(): Promise<void> {
    closed = true;
    for (const cancel of [...inFlight]) cancel();
    const all = [...pools.values()];
    pools.clear();
    await Promise.all(all.map((pool) => pool.close()));
  }

  return { request, close, timeoutMs };
}
