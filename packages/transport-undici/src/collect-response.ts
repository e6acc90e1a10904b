import type { TransportRequest, TransportResponse } from "@exlivekit/server-sdk/transport";
import { TransportError, toTransportError } from "@exlivekit/server-sdk/transport";
import type { Dispatcher } from "undici";

type IncomingHeaders = Record<string, string | string[] | undefined>;

/**
 * Sends one request through `dispatcher.dispatch` and collects the whole response.
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
): Promise<TransportResponse> {
  return new Promise<TransportResponse>((resolve, reject) => {
    let controller: Dispatcher.DispatchController | undefined;
    let settled = false;
    let reason: "timeout" | "aborted" | undefined;
    let status = 0;
    let headers: IncomingHeaders = {};
    const chunks: Buffer[] = [];
    let size = 0;
    const signal = req.signal;

    const finish = () => {
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    const fail = (error: unknown) => {
      if (settled) return;
      finish();
      reject(toTransportError(error, origin, reason, req.timeoutMs));
    };
    // Abort both ends: reject now (the caller must not wait for undici), and tell undici to drop the
    // request — immediately if it is on a socket, or as soon as it leaves the pool's queue.
    const abort = (why: "timeout" | "aborted") => {
      if (settled) return;
      reason = why;
      controller?.abort(
        new TransportError(why, why === "timeout" ? "deadline exceeded" : "aborted by the caller"),
      );
      fail(signal?.reason);
    };
    const onAbort = () => abort("aborted");
    const timer = setTimeout(abort, req.timeoutMs, "timeout");
    signal?.addEventListener("abort", onAbort, { once: true });

    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(c) {
        controller = c;
        if (settled) c.abort(new TransportError(reason ?? "aborted", "request abandoned before it was sent"));
      },
      onResponseStart(_c, statusCode, responseHeaders) {
        status = statusCode;
        headers = responseHeaders as IncomingHeaders;
      },
      onResponseData(_c, chunk) {
        chunks.push(chunk);
        size += chunk.length;
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
