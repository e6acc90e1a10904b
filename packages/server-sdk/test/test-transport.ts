// A minimal fetch transport for server-sdk's own integration tests: the package must not depend on a
// transport package, and these tests are about RoomService behaviour, not transports (the
// conformance suite covers those).
import type { Transport } from "../src/index.ts";
import { toTransportError } from "../src/index.ts";

/** Global-fetch transport without pooling knobs. */
export function testTransport(): Transport {
  return {
    async request({ url, method, headers, body, signal, timeoutMs }) {
      const deadline = AbortSignal.timeout(timeoutMs);
      const combined = signal === undefined ? deadline : AbortSignal.any([signal, deadline]);
      try {
        const res = await fetch(url, {
          method,
          headers,
          body: method === "GET" ? null : (body as Uint8Array<ArrayBuffer>),
          signal: combined,
        });
        const out: Record<string, string> = {};
        res.headers.forEach((v, k) => {
          out[k] = v;
        });
        return { status: res.status, headers: out, body: new Uint8Array(await res.arrayBuffer()) };
      } catch (cause) {
        // The SDK's own mapping, so a refused connection is told apart from a reset (failover relies on it).
        const reason = deadline.aborted ? "timeout" : signal?.aborted ? "aborted" : undefined;
        throw toTransportError(cause, new URL(url).origin, reason, timeoutMs);
      }
    },
  };
}
