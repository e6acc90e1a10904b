// @ts-check
// Prints one line per step: number, name, result summary and wall time. A failing step prints why and
// rethrows, so the demo stops at the first failure and exits non-zero.

/**
 * @typedef {object} StepResult
 * @property {string} summary what to print after "ok"
 * @property {unknown} [value] what the next steps need
 */

/**
 * @param {(line: string) => void} [print]
 */
export function createStepRunner(print = (line) => console.log(line)) {
  let count = 0;
  let skipped = 0;
  const started = performance.now();

  /**
   * Runs `fn` as the next numbered step. `fn` returns the one-line summary of its result, or
   * `{ summary, value }` when the caller needs a value back.
   * @template T
   * @param {string} name
   * @param {() => Promise<string | { summary: string, value: T }>} fn
   * @returns {Promise<T | undefined>}
   */
  async function step(name, fn) {
    count += 1;
    const label = `${String(count).padStart(2)}. ${name}`;
    const t0 = performance.now();
    try {
      const result = await fn();
      const ms = Math.round(performance.now() - t0);
      const summary = typeof result === "string" ? result : result.summary;
      print(`${label.padEnd(48, " ")} ok   ${String(ms).padStart(5)} ms  ${summary}`);
      return typeof result === "string" ? undefined : result.value;
    } catch (error) {
      const ms = Math.round(performance.now() - t0);
      print(`${label.padEnd(48, " ")} FAIL ${String(ms).padStart(5)} ms  ${describe(error)}`);
      throw error;
    }
  }

  /** Prints a step that did not run, and why (not a failure). */
  function skip(/** @type {string} */ name, /** @type {string} */ why) {
    count += 1;
    skipped += 1;
    print(`${`${String(count).padStart(2)}. ${name}`.padEnd(48, " ")} skip          ${why}`);
  }

  return {
    step,
    skip,
    get count() {
      return count;
    },
    get skipped() {
      return skipped;
    },
    elapsedMs: () => Math.round(performance.now() - started),
  };
}

/** A failure as one line: the error class, its stable code when it has one, and the message. */
export function describe(/** @type {unknown} */ error) {
  if (!(error instanceof Error)) return String(error);
  const code = /** @type {{ code?: unknown }} */ (error).code;
  return `${error.name}${typeof code === "string" ? ` [${code}]` : ""}: ${error.message}`;
}
