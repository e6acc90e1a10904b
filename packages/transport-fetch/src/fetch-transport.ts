import type { Transport, TransportRequest, TransportResponse } from "@exlivekit/server-sdk/transport";
import { ConfigError, TransportError, toTransportError } from "@exlivekit/server-sdk/transport";

/** Options of `fetchTransport()`, mirroring ExLivekit's finch settings. */
export interface FetchTransportOptions {
  /** Default deadline of a call in ms, body included, when neither client nor call sets one. Default 30 000. */
  readonly timeout?: number;
  /** The `fetch` to use. Default: the global `fetch`, looked up when the transport is created. */
  readonly fetch?: typeof globalThis.fetch;
}

const NO_FETCH =
  "fetchTransport needs a fetch implementation, and this runtime has no global fetch. " +
  "Pass one: fetchTransport({ fetch: yourFetch }), or on Node use @exlivekit/transport-undici: " +
  'new Client({ transport: undiciTransport() })  // import { undiciTransport } from "@exlivekit/transport-undici"';

function originOf(url: string): string {
  const start = url.indexOf("//");
  const end = url.indexOf("/", start + 2);
  return end === -1 ? url : url.slice(0, end);
}

/**
 * A transport over the standard `fetch`, for any runtime (Node, Deno, Bun, Workers, browsers).
 * Pass it to the client: `new Client({ transport: fetchTransport() })`.
 */
export function fetchTransport(options: FetchTransportOptions = {}): Transport {
  const fetchImpl = options.fetch ?? (globalThis as { fetch?: typeof globalThis.fetch }).fetch;
  if (typeof fetchImpl !== "function") throw new ConfigError("invalid_config", NO_FETCH);
  const timeoutMs = options.timeout ?? 30_000;
  if (typeof timeoutMs !== "number" || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new ConfigError(
      "invalid_config",
      `fetchTransport: timeout must be a positive number, got ${String(timeoutMs)}`,
    );
  }
  // Some runtimes (Workers) reject a detached `fetch` called with a foreign `this`.
  const doFetch = options.fetch === undefined ? fetchImpl.bind(globalThis) : fetchImpl;

  async function request(req: TransportRequest): Promise<TransportResponse> {
    const controller = new AbortController();
    let reason: "timeout" | "aborted" | undefined;
    const userSignal = req.signal;
    const onAbort = () => {
      reason ??= "aborted";
      controller.abort(userSignal?.reason);
    };
    if (userSignal !== undefined) {
      if (userSignal.aborted) {
        throw new TransportError("aborted", `request to ${originOf(req.url)} was aborted`, {
          requestSent: false,
        });
      }
      userSignal.addEventListener("abort", onAbort, { once: true });
    }
    const timer = setTimeout(() => {
      reason ??= "timeout";
      controller.abort();
    }, req.timeoutMs);
    try {
      const res = await doFetch(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body as Uint8Array<ArrayBuffer>,
        signal: controller.signal,
      });
      const body = new Uint8Array(await res.arrayBuffer());
      const headers: Record<string, string> = {};
      res.headers.forEach((value, key) => {
        headers[key] = value;
      });
      return { status: res.status, headers, body };
    } catch (error) {
      throw toTransportError(error, originOf(req.url), reason, req.timeoutMs);
    } finally {
      clearTimeout(timer);
      userSignal?.removeEventListener("abort", onAbort);
    }
  }

  return { request, timeoutMs };
}
