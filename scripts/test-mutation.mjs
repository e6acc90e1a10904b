// `pnpm test:mutation [--force] [file-substring...]`: StrykerJS over the code users trust most, one
// file at a time, with its package's unit tests (vitest, only the tests related to each mutant). Prints
// the mutation score per file and the surviving mutants; a surviving mutant that no test can kill is
// listed with its reason in scripts/mutation-equivalents.json. Exits 1 when a file scores under the goal
// (equivalents set aside) or when a listed equivalent is stale.
// Slow (minutes per file on two cores), so it is not part of `pnpm test:all`.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "./livekit-pin.mjs";
import { node22Tool } from "./node22-tool.mjs";

// StrykerJS 10 refuses Node < 22: it lives in tools/stryker, and this script runs again on Node 22.
const tool = await node22Tool("stryker", "node_modules/@stryker-mutator/core/package.json");
if (Number(process.versions.node.split(".")[0]) < 22) {
  const again = spawnSync(tool.node22, process.argv.slice(1), { stdio: "inherit" });
  process.exit(again.status ?? 1);
}
const fromTool = createRequire(join(tool.dir, "package.json"));
const { Stryker } = await import(pathToFileURL(fromTool.resolve("@stryker-mutator/core")).href);
const vitestRunner = fromTool.resolve("@stryker-mutator/vitest-runner");

/** Percent of mutants the tests must kill, per file, once listed equivalents are set aside. */
const GOAL = 85;

/** Package folder -> the files to mutate. */
export const TARGETS = {
  "packages/token": ["src/verify-token.ts"],
  "packages/webhook": ["src/webhook-receiver.ts", "src/verify-delivery-token.ts"],
  "packages/server-sdk": [
    "src/twirp-caller.ts",
    "src/attempt-loop.ts",
    "src/retry.ts",
    "src/retry-classes.ts",
    "src/transport-error.ts",
    "src/services/room.ts",
  ],
  "packages/transport-fetch": ["src/fetch-transport.ts"],
  "packages/transport-undici": ["src/undici-transport.ts", "src/collect-response.ts"],
};

/**
 * Surviving mutants no test can kill because nothing observable changes, each with the reason: keyed
 * like the survivors this script prints (`path:line:column Mutator: "replacement"`).
 */
const EQUIVALENTS_FILE = "scripts/mutation-equivalents.json";

/**
 * Files whose static mutants (code run once, when the module loads) are not run, with the reason. Stryker
 * must reload the package and run every one of its tests for each static mutant; the report counts them
 * as ignored.
 */
const IGNORE_STATIC = {
  "packages/server-sdk/src/retry-classes.ts":
    "the table of ~130 classes is module-level data (each mutant would rerun the whole package suite, ~30 min); retry-classes.test.ts pins every entry to safe or unsafe and to what retryClassOf answers",
};

const DETECTED = new Set(["Killed", "Timeout"]);
const COUNTED = new Set(["Killed", "Timeout", "Survived", "NoCoverage"]);

/** The key of a mutant in the equivalents list and in the report. */
function keyOf(path, r) {
  const replacement = JSON.stringify((r.replacement ?? "").replace(/\s+/g, " "));
  return `${path}:${r.location.start.line}:${r.location.start.column} ${r.mutatorName}: ${replacement}`;
}

const equivalents = JSON.parse(readFileSync(join(repoRoot, EQUIVALENTS_FILE), "utf8"));
// `--force` retests every mutant: the incremental file keeps a static mutant (one evaluated when its module
// loads) that survived once as survived, whatever tests were added since (a documented Stryker limit).
const force = process.argv.includes("--force");
const only = process.argv.slice(2).filter((a) => a !== "--force");
const selected = Object.entries(TARGETS).flatMap(([dir, files]) =>
  files
    .map((file) => ({ dir, path: `${dir}/${file}` }))
    .filter(({ path }) => only.length === 0 || only.some((o) => path.includes(o))),
);

process.env["EXLIVEKIT_SKIP_INTEGRATION"] = "1"; // unit tests only: a real server per mutant is too slow
process.env["EXLIVEKIT_MUTATION"] = "1";
const rows = [];
const survivors = [];
const stale = [];
// One Stryker run per file, each with its own incremental file: a rerun of one file tests only the
// mutants whose code or tests changed since that file's last run, whatever ran in between.
for (const { dir, path } of selected) {
  const slug = path.replaceAll("/", "-");
  const started = Date.now();
  const stryker = new Stryker({
    testRunner: "vitest",
    plugins: [vitestRunner],
    vitest: { configFile: `${dir}/vitest.config.ts`, dir, related: true },
    mutate: [path],
    coverageAnalysis: "perTest",
    concurrency: 1,
    reporters: ["progress"],
    tempDirName: `.stryker-tmp/${slug}`,
    ignorePatterns: ["**/dist", "**/.turbo", "bench/results", "docs/api", ".cache", ".stryker-tmp"],
    cleanTempDir: "always",
    ignoreStatic: Object.hasOwn(IGNORE_STATIC, path),
    incremental: true,
    force,
    incrementalFile: `node_modules/.cache/stryker/${slug}.json`,
    timeoutMS: 10_000,
    logLevel: "warn",
  });
  const results = await stryker.runMutationTest();
  const mine = results.filter((r) => relative(repoRoot, r.fileName) === path || r.fileName === path);
  const counted = mine.filter((r) => COUNTED.has(r.status));
  const killed = counted.filter((r) => DETECTED.has(r.status)).length;
  const surviving = counted.filter((r) => !DETECTED.has(r.status)).map((r) => [keyOf(path, r), r]);
  const listed = surviving.filter(([key]) => Object.hasOwn(equivalents, key)).length;
  const ignored = mine.filter((r) => r.status === "Ignored").length;
  // A mutant that stops the module from loading (Stryker does not count these either).
  const errors = mine.filter((r) => r.status === "RuntimeError" || r.status === "CompileError").length;
  for (const [key, r] of surviving) {
    if (!Object.hasOwn(equivalents, key)) survivors.push(`${key} (${r.status})`);
  }
  // A listed mutant that is now killed, or that no longer exists, is stale: the list must not rot.
  const survivingKeys = new Set(surviving.map(([key]) => key));
  for (const key of Object.keys(equivalents)) {
    if (key.startsWith(`${path}:`) && !survivingKeys.has(key)) stale.push(key);
  }
  const percent = (part, whole) => (whole === 0 ? 100 : (100 * part) / whole);
  rows.push({
    path,
    killed,
    total: counted.length,
    listed,
    raw: percent(killed, counted.length),
    score: percent(killed, counted.length - listed),
    ignored,
    errors,
    seconds: Math.round((Date.now() - started) / 1000),
  });
}

console.log(
  `\nmutation score per file: killed / counted mutants, and the score without the equivalents listed in ${EQUIVALENTS_FILE}`,
);
console.log("   raw     killed/total  equivalents  score   time  file");
for (const { path, killed, total, listed, raw, score, ignored, errors, seconds } of rows) {
  const notes = [];
  if (ignored > 0) notes.push(`${ignored} static mutants not run: ${IGNORE_STATIC[path]}`);
  if (errors > 0) notes.push(`${errors} mutants stop the module from loading, not counted`);
  const note = notes.length > 0 ? ` (${notes.join("; ")})` : "";
  console.log(
    `${raw.toFixed(1).padStart(6)} %  ${`${killed} / ${total}`.padStart(11)}  ${String(listed).padStart(11)}  ${score.toFixed(1).padStart(5)} %  ${`${seconds}s`.padStart(5)}  ${path}${note}`,
  );
}
if (survivors.length > 0)
  console.log(`\nsurviving mutants (not listed as equivalent):\n${survivors.join("\n")}`);
if (stale.length > 0) {
  console.log(
    `\nstale entries of ${EQUIVALENTS_FILE} (killed now, or no such mutant any more):\n${stale.join("\n")}`,
  );
}
const under = rows.filter((r) => r.score < GOAL);
if (under.length > 0) console.error(`\nunder the ${GOAL} % goal: ${under.map((r) => r.path).join(", ")}`);
if (under.length > 0 || stale.length > 0) process.exit(1);
