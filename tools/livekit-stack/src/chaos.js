// @ts-check

/** @import { ChaosCall, ChaosOptions, ChaosOutcome, ChaosResult } from "./types.js" */

/**
 * Runs `concurrency` loops of calls for `durationMs` while one node of a cluster is SIGKILLed at
 * `killAtMs` and restarted on its ports at `restartAtMs`. Knows nothing of any SDK: `next(worker, i)`
 * hands out the calls and their class. Every call is recorded with its timing and outcome; the run ends
 * once every call in flight has settled. Bounded: no call starts after `durationMs`.
 * @param {ChaosOptions} options
 * @returns {Promise<ChaosResult>}
 */
export async function runChaos(options) {
  const { node, concurrency, durationMs, killAtMs, restartAtMs, next } = options;
  const started = performance.now();
  const at = () => performance.now() - started;
  /** @type {ChaosOutcome[]} */
  const outcomes = [];
  let killedAt = Number.NaN;
  let restartedAt = Number.NaN;

  const faults = (async () => {
    await delay(killAtMs);
    await node.kill();
    killedAt = at();
    await delay(Math.max(0, restartAtMs - at()));
    await node.restart();
    restartedAt = at();
  })();

  /** @param {number} worker */
  const loop = async (worker) => {
    for (let i = 0; at() < durationMs; i += 1) {
      /** @type {ChaosCall} */
      const call = next(worker, i);
      const startedAt = at();
      try {
        await call.run();
        outcomes.push({ kind: call.kind, label: call.label, startedAt, endedAt: at(), error: undefined });
      } catch (error) {
        outcomes.push({ kind: call.kind, label: call.label, startedAt, endedAt: at(), error });
      }
    }
  };
  await Promise.all([faults, ...Array.from({ length: concurrency }, (_, worker) => loop(worker))]);

  const durations = outcomes.map((o) => o.endedAt - o.startedAt).sort((a, b) => a - b);
  return {
    outcomes,
    calls: outcomes.length,
    failed: outcomes.filter((o) => o.error !== undefined).length,
    longestMs: durations.at(-1) ?? 0,
    p99Ms: durations[Math.min(durations.length - 1, Math.floor(durations.length * 0.99))] ?? 0,
    killedAt,
    restartedAt,
    wallMs: at(),
  };
}

/** @param {number} ms */
function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
