import type { TransportRequest, TransportResponse } from "@exlivekit/server-sdk/transport";
import {
  isRedirect,
  redirectError,
  responseTooLargeError,
  TransportError,
  toTransportError,
} from "@exlivekit/server-sdk/transport";
import type { Dispatcher } from "undici";

type IncomingHeaders = Record<string, string | string[] | undefined>;

/** Ends a request in flight: `close()` of the transport calls it. */
export type Cancel = () => void;

/**
 * Sends one request through `dispatcher.dispatch` and collects the whole response, at most `maxBytes` of
 * body; a 3xx is refused, never followed. `inFlight` holds a way to end it while it runs.
 *
 * Why not `dispatcher.request()`: that path allocates an AbortController-style listener, a Readable body
 * stream and its consumers per call, which is most of the client-side cost of a small Twirp call. A
 * handler that appends chunks to an array and aborts through undici's own controller does the same job
 * with a fraction of the allocations.
 */
export function collectResponse(
  dispatcher: Dispatcher,
  origin: string,
  path: string,
  req: TransportRequest,
  maxBytes: number,
  inFlight: Set<Cancel>,
): Promise<TransportResponse> {
  return new Promise<TransportResponse>((resolve, reject) => {
    let controller: Dispatcher.DispatchController | undefined;
    let settled = false;
    let reason: "timeout" | "aborted" | "closed" | undefined;
    let status = 0;
    let headers: IncomingHeaders = {};
    const chunks: Buffer[] = [];
    let size = 0;
    const signal = req.signal;

    const finish = () => {
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      inFlight.delete(cancel);
    };
    // undici calls onRequestStart just before it writes the request to its socket; a failure before that
    // (connect refused or reset, TLS handshake cut) means the server cannot have seen a byte of it.
    const fail = (error: unknown) => {
      if (settled) return;
      finish();
      reject(toTransportError(error, origin, reason, req.timeoutMs, controller !== undefined));
    };
    // Stop both ends: reject now (the caller must not wait for undici), and tell undici to drop the
    // request, which destroys its socket: immediately if it is on one, or as it leaves the pool's queue.
    const stop = (error: TransportError) => {
      if (settled) return;
      controller?.abort(error);
      finish();
      reject(error);
    };
    const abort = (why: "timeout" | "aborted" | "closed") => {
      if (settled) return;
      reason = why;
      stop(toTransportError(signal?.reason, origin, why, req.timeoutMs));
    };
    const onAbort = () => abort("aborted");
    const cancel = () => abort("closed");
    const timer = setTimeout(abort, req.timeoutMs, "timeout");
    signal?.addEventListener("abort", onAbort); // finish() removes it
    inFlight.add(cancel);

    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(c) {
        controller = c;
        if (settled) c.abort(new TransportError("aborted", "request abandoned before it was sent"));
      },
      onResponseStart(_c, statusCode, responseHeaders) {
        status = statusCode;
        headers = responseHeaders as IncomingHeaders;
        if (isRedirect(statusCode)) return stop(redirectError(origin, statusCode));
        // A declared length past the cap fails before a byte of the body is buffered.
        const declared = Number(headers["content-length"]);
        if (declared > maxBytes) stop(responseTooLargeError(origin, maxBytes));
      },
      onResponseData(_c, chunk) {
        if (settled) return;
        size += chunk.length;
        if (size > maxBytes) return stop(responseTooLargeError(origin, maxBytes));
        chunks.push(chunk);
      },
      onResponseEnd() {
        if (settled) return;
        finish();
        const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
        resolve({ status, headers, body });
      },
      onResponseError(_c, error) {
        fail(error);
      },
    };
    try {
      dispatcher.dispatch(
        { origin, path, method: req.method as Dispatcher.HttpMethod, headers: req.headers, body: req.body },
        handler,
      );
    } catch (error) {
      fail(error);
    }
  });
}
