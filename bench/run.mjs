#!/usr/bin/env node
// `pnpm bench`: every ExLivekit vs livekit-server-sdk comparison in one run on one machine.
// Prints the table; writes results/latest.json and results/latest.md only when asked (--save), so a
// benchmark run leaves the tracked results and the working tree as they were.
//   node bench/run.mjs                 full run (under two minutes), needs the packages built
//   node bench/run.mjs --save          the same, and records it in bench/results (tracked)
//   node bench/run.mjs --smoke         tiny windows; checks only that every figure exists
//                                      (BENCH_SMOKE=1 does the same)
//   node bench/run.mjs --out <dir>     also write latest.json and latest.md into <dir>
//   node bench/run.mjs --only token,webhook
//                                      just those suites (token, webhook, api, cluster, bundle, import)
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { medians, pairedRatios, ranges } from "./lib/compare.mjs";
import { findProblems } from "./lib/figures.mjs";
import { describeMachine } from "./lib/machine.mjs";
import { renderMarkdown } from "./lib/report-markdown.mjs";
import { apiSuite } from "./suites/api.mjs";
import { bundleSuite } from "./suites/bundle.mjs";
import { clusterSuite } from "./suites/cluster.mjs";
import { importSuite } from "./suites/import-time.mjs";
import { tokenSuite } from "./suites/token.mjs";
import { webhookSuite } from "./suites/webhook.mjs";

const resultsDir = fileURLToPath(new URL("./results", import.meta.url));

const { values: args } = parseArgs({
  options: {
    smoke: { type: "boolean", default: false },
    save: { type: "boolean", default: false },
    out: { type: "string" },
    only: { type: "string" },
  },
});
const smoke = args.smoke || process.env.BENCH_SMOKE === "1";
const SUITES = ["token", "webhook", "api", "cluster", "bundle", "import"];
const only = args.only?.split(",").map((name) => name.trim());
const unknownSuites = only?.filter((name) => !SUITES.includes(name)) ?? [];
if (unknownSuites.length > 0 || only?.length === 0) {
  throw new Error(`bench: --only takes a list of ${SUITES.join(", ")}; got ${JSON.stringify(args.only)}`);
}
const selected = (name) => only === undefined || only.includes(name);
// A partial or smoke run never replaces the full results a full run wrote.
const scratchRun = smoke || only !== undefined;

const settings = smoke
  ? { smoke, windowMs: 15, apiWindowMs: 25, runs: 5, importRuns: 1 }
  : { smoke, windowMs: 400, apiWindowMs: 500, runs: 5, importRuns: 5 };

async function outputDir() {
  if (args.save && args.out !== undefined) throw new Error("bench: --save and --out are exclusive");
  const dir = args.save ? resultsDir : args.out === undefined ? undefined : resolve(args.out);
  if (scratchRun && dir === resultsDir)
    throw new Error("a smoke or partial run never writes to bench/results");
  if (dir !== undefined) await mkdir(dir, { recursive: true });
  return dir;
}

async function step(name, fn) {
  const t0 = performance.now();
  process.stderr.write(`bench: ${name}...`);
  const out = await fn();
  process.stderr.write(` ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  return out;
}

const dir = await outputDir();
const date = new Date().toISOString();
const machine = describeMachine();
const started = performance.now();

async function suite(name, fn) {
  return selected(name) ? step(name, fn) : {};
}

const token = await suite("token", () => tokenSuite(settings));
const webhook = await suite("webhook", () => webhookSuite(settings));
const api = await suite("api", () => apiSuite({ ...settings, windowMs: settings.apiWindowMs }));
const cluster = await suite("cluster", () => clusterSuite({ ...settings, windowMs: settings.apiWindowMs }));
const bundle = await suite("bundle", () => bundleSuite());
const imports = await suite("import", () => importSuite(settings));

// Every suite hands back each run's figure; the JSON keeps the medians, the markdown shows the range too.
const samples = { ...token, ...webhook, ...api, ...cluster, ...bundle.figures, ...imports };
const perKey = (reduce) =>
  Object.fromEntries(Object.entries(samples).map(([key, byName]) => [key, reduce(byName)]));
const results = { date, machine, ...perKey(medians) };
const problems = findProblems(results, only === undefined ? undefined : Object.keys(samples));
if (problems.length > 0) throw new Error(`bench: incomplete results:\n  ${problems.join("\n  ")}`);

const notes = [
  ...(bundle.notes ?? []),
  `Total run time ${((performance.now() - started) / 1000).toFixed(0)} s.`,
];
const markdown = renderMarkdown(results, perKey(ranges), settings, notes, perKey(pairedRatios));
process.stdout.write(markdown);
if (dir === undefined) {
  process.stderr.write("bench: nothing written (`pnpm bench --save` records a full run in bench/results)\n");
} else {
  await writeFile(join(dir, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(dir, "latest.md"), markdown);
  process.stderr.write(`bench: wrote ${join(dir, "latest.json")} and latest.md\n`);
}
