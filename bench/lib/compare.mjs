// Runs several contenders of one figure in rotated rounds, so none always runs first or last while
// other processes disturb the machine, and reports the median of each contender's runs.
import { median } from "./stats.mjs";

/**
 * `contenders`: name -> async () => number (one measurement window, the figure it produced).
 * One warm-up window each, then `runs` rounds in rotated order. Returns name -> median figure.
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

/** Median of each contender's samples from `compareRounds`. */
export function medians(samples) {
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
}
