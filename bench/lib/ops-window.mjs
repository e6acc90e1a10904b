// One time-boxed measurement window of a single-operation function, run back to back.

const BATCH = 32;

/**
 * Calls `op(i)` in batches until `ms` milliseconds have passed. Returns operations per second of wall
 * time and per second of this process's CPU time (user + system, every thread, so GC and libuv's
 * thread pool count). Both matter: Web Crypto on Node runs HMAC and SHA-256 on the thread pool, so a
 * contender using it can finish a sequential loop faster than its CPU cost, using a second core.
 * Promises are awaited one by one (how a request handler uses the API); plain values are not.
 */
export async function opsPerSecond(op, ms) {
  let count = 0;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const end = start + ms;
  let now = start;
  do {
    for (let i = 0; i < BATCH; i++) {
      const result = op(count++);
      if (result instanceof Promise) await result;
    }
    now = performance.now();
  } while (now < end);
  const cpu = process.cpuUsage(cpuStart);
  return {
    perSecond: (count * 1000) / (now - start),
    perCpuSecond: (count * 1e6) / (cpu.user + cpu.system),
  };
}

/**
 * Splits rounds of {@link opsPerSecond} windows (name -> window results) into two figure sets:
 * `key` (per second of wall time) and `key.cpu` (per CPU-second).
 */
export function wallAndCpu(key, samples) {
  const pick = (field) =>
    Object.fromEntries(Object.entries(samples).map(([name, runs]) => [name, runs.map((run) => run[field])]));
  return { [key]: pick("perSecond"), [`${key}.cpu`]: pick("perCpuSecond") };
}
