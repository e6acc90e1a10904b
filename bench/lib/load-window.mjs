// One time-boxed window of concurrent calls: `concurrency` workers, each starting its next call
// when the previous one settles, until the window closes. Calls in flight at the deadline finish
// and count, and the elapsed time includes them.
import { percentile } from "./stats.mjs";

/** Runs `call()` with `concurrency` workers for `ms` and returns { rps, p50, p99 } (latencies in ms). */
export async function loadWindow(call, concurrency, ms) {
  const latencies = [];
  const start = performance.now();
  const end = start + ms;
  // Every worker makes at least one call: on a busy machine a short window can close before a worker
  // starts, and a window with no call has no figures.
  async function worker() {
    do {
      const t0 = performance.now();
      await call();
      latencies.push(performance.now() - t0);
    } while (performance.now() < end);
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - start;
  return {
    rps: (latencies.length * 1000) / elapsed,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
  };
}
