// Runs several contenders of one figure in rotated rounds, so none always runs first or last while
// other processes disturb the machine. Every run's figure is kept: the median is the result, the
// spread tells how noisy the machine was.
import { officialCounterpart } from "./figures.mjs";
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

/**
 * Each contender's figure divided by its official counterpart's, round by round (name -> ratios). In a
 * round the two ran back to back, so a slow spell of the machine weighs on both: the smallest of these is
 * the worst round a goal must hold in, a truer test than one ratio of two medians taken from different
 * rounds. Keys without an official figure (bytes, single samples) give nothing.
 */
export function pairedRatios(samples) {
  const out = {};
  for (const [name, values] of Object.entries(samples)) {
    const official = samples[officialCounterpart(name)];
    if (name.startsWith("official") || official === undefined || official.length !== values.length) continue;
    if (values.length < 2) continue;
    out[name] = values.map((value, i) => value / official[i]);
  }
  return out;
}
