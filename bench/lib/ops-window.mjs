// One time-boxed measurement window of a single-operation function, run back to back.

const BATCH = 32;

/**
 * Calls `op(i)` in batches until `ms` milliseconds have passed and returns operations per second.
 * Promises are awaited one by one (how a request handler uses the API); plain values are not.
 */
export async function opsPerSecond(op, ms) {
  let count = 0;
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
  return (count * 1000) / (now - start);
}
