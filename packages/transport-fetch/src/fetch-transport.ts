import type { Transport, TransportRequest, TransportResponse } from "@exlivekit/server-sdk/transport";
import {
  ConfigError,
  isRedirect,
  maxResponseBytesOption,
  redirectError,
  responseTooLargeError,
  TransportError,
  toTransportError,
} from "@exlivekit/server-sdk/transport";

/** Options of `fetchTransport()`, mirroring ExLivekit's finch settings. */
export interface FetchTransportOptions {
  /** Default deadline of a call in ms, body included, when neither client nor call sets one. Default 30 000. */
  readonly timeout?: number;
  /** The `fetch` to use. Default: the global `fetch`, looked up when the transport is created. */
  readonly fetch?: typeof globalThis.fetch;
  /**
   * Largest response body accepted, in bytes. Past it the transport stops reading, cancels the body and
   * rejects with a `TransportError` coded `response_too_large`. Default 32 MiB (`DEFAULT_MAX_RESPONSE_BYTES`).
   */
  readonly maxResponseBytes?: number;
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

/** Reads a body chunk by chunk and stops (cancelling the stream) once it passes `maxBytes`. */
async function readCapped(res: Response, maxBytes: number, where: string): Promise<Uint8Array> {
  const declared = Number(res.headers.get("content-length"));
  if (declared > maxBytes) {
    await res.body?.cancel().catch(() => {});
    throw responseTooLargeError(where, maxBytes);
  }
  if (res.body === null) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw responseTooLargeError(where, maxBytes);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * A transport over the standard `fetch`, for any runtime (Node, Deno, Bun, Workers, browsers).
 * Pass it to the client: `new Client({ transport: fetchTransport() })`. Redirects are never followed
 * (`redirect: "manual"`), bodies are capped at `maxResponseBytes`, and `close()` ends requests in flight.
 */
export function fetchTransport(options: FetchTransportOptions = {}): Transport {
  const fetchImpl = options.fetch ?? (globalThis as { fetch?: typeof globalThis.fetch }).fetch;
  if (typeof fetchImpl !== "function") throw new ConfigError("invalid_config", NO_FETCH);
  const timeoutMs = options.timeout ?? 30_000;
  // Number.isFinite is false for anything but a finite number (no coercion).
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new ConfigError(
      "invalid_config",
      `fetchTransport: timeout must be a positive number, got ${String(timeoutMs)}`,
    );
  }
  const maxResponseBytes = maxResponseBytesOption(options.maxResponseBytes, "fetchTransport");
  // Some runtimes (Workers) reject a detached `fetch` called with a foreign `this`.
  const doFetch = options.fetch === undefined ? fetchImpl.bind(globalThis) : fetchImpl;
  const inFlight = new Set<() => void>();
  let closed = false;

  async function request(req: TransportRequest): Promise<TransportResponse> {
    const where = originOf(req.url);
    if (closed) {
      throw new TransportError("network_error", "fetchTransport is closed; create a new one", {
        requestSent: false,
      });
    }
    const controller = new AbortController();
    let reason: "timeout" | "aborted" | "closed" | undefined;
    const userSignal = req.signal;
    const onAbort = () => {
      reason ??= "aborted";
      controller.abort(userSignal?.reason);
    };
    const cancel = () => {
      reason ??= "closed";
      controller.abort();
    };
    if (userSignal !== undefined) {
      if (userSignal.aborted) {
        throw new TransportError("aborted", `request to ${where} was aborted`, { requestSent: false });
      }
      userSignal.addEventListener("abort", onAbort);
    }
    const timer = setTimeout(() => {
      reason ??= "timeout";
      controller.abort();
    }, req.timeoutMs);
    inFlight.add(cancel);
    try {
      const res = await doFetch(req.url, {
        method: req.method,
        headers: req.headers,
        // fetch refuses a body on GET (endpoint probes, Cloud region lookups).
        body: req.method === "GET" ? null : (req.body as Uint8Array<ArrayBuffer>),
        signal: controller.signal,
        redirect: "manual",
      });
      // Browsers hide a manual redirect behind an opaque response with status 0.
      if (res.type === "opaqueredirect" || isRedirect(res.status)) {
        await res.body?.cancel().catch(() => {});
        throw redirectError(where, res.type === "opaqueredirect" ? undefined : res.status);
      }
      const body = await readCapped(res, maxResponseBytes, where);
      const headers: Record<string, string> = {};
      res.headers.forEach((value, key) => {
        headers[key] = value;
      });
      return { status: res.status, headers, body };
    } catch (error) {
      if (error instanceof TransportError) {
        controller.abort();
        throw error;
      }
      throw toTransportError(error, where, reason, req.timeoutMs);
    } finally {
      clearTimeout(timer);
      inFlight.delete(cancel);
      userSignal?.removeEventListener("abort", onAbort);
    }
  }

  // Requests in flight end at once; there is no pool of its own to release (the runtime's fetch owns it).
  function close(): void {
    closed = true;
    for (const cancel of [...inFlight]) cancel();
  }

  return { request, close, timeoutMs };
}
