// Runs several contenders of one figure in rotated rounds, so none always runs first or last while
// other processes disturb the machine. Every run's figure is kept: the median is the result, the
// spread tells how noisy the machine was.
import { median } from "./stats.mjs";

/**
 * `contenders`: name -> async () => number (one measurement window, the figure it produced).
 * One warm-up window each, then `runs` rounds in rotated order. Returns name -> the figures of the runs.
 */
export async function compareRounds(contenders, runs) {
  const names = Object.keys(contenders);
  for (const name of names) await contenders[name]();
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < runs; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + round) % names.length];
      samples[name].push(await contenders[name]());
    }
  }
  return samples;
}

/** Median of each contender's samples (name -> number[]). */
export function medians(samples) {
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
}

/** Smallest and largest run of each contender (name -> [min, max]). */
export function ranges(samples) {
  return Object.fromEntries(
    Object.entries(samples).map(([name, values]) => [name, [Math.min(...values), Math.max(...values)]]),
  );
}
