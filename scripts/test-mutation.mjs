// `pnpm test:mutation [file-substring...]`: StrykerJS over the code users trust most, one package at a
// time, with that package's unit tests (vitest, only the tests related to each mutant). Prints the
// mutation score per file and the surviving mutants; exits 1 when a file scores under the goal.
// Slow (minutes per file on two cores), so it is not part of `pnpm test:all`.
import { spawnSync } from "node:child_process";
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

/** Percent of mutants the tests must kill, per file. */
const GOAL = 85;

/** Package folder -> the files to mutate. */
export const TARGETS = {
  "packages/token": ["src/verify-token.ts"],
  "packages/webhook": ["src/webhook-receiver.ts", "src/verify-delivery-token.ts"],
  "packages/server-sdk": [
    "src/twirp-caller.ts",
    "src/retry.ts",
    "src/transport-error.ts",
    "src/services/room.ts",
  ],
  "packages/transport-fetch": ["src/fetch-transport.ts"],
  "packages/transport-undici": ["src/undici-transport.ts", "src/collect-response.ts"],
};

const DETECTED = new Set(["Killed", "Timeout"]);
const COUNTED = new Set(["Killed", "Timeout", "Survived", "NoCoverage"]);

const only = process.argv.slice(2);
const selected = Object.entries(TARGETS)
  .map(([dir, files]) => [
    dir,
    files.filter((f) => only.length === 0 || only.some((o) => `${dir}/${f}`.includes(o))),
  ])
  .filter(([, files]) => files.length > 0);

process.env["EXLIVEKIT_SKIP_INTEGRATION"] = "1"; // unit tests only: a real server per mutant is too slow
process.env["EXLIVEKIT_MUTATION"] = "1";
const rows = [];
const survivors = [];
for (const [dir, files] of selected) {
  const stryker = new Stryker({
    testRunner: "vitest",
    plugins: [vitestRunner],
    vitest: { configFile: `${dir}/vitest.config.ts`, dir, related: true },
    mutate: files.map((f) => `${dir}/${f}`),
    coverageAnalysis: "perTest",
    concurrency: 1,
    reporters: ["progress"],
    // One sandbox folder per package, so runs of two packages can go side by side.
    tempDirName: `.stryker-tmp/${dir.replaceAll("/", "-")}`,
    ignorePatterns: ["**/dist", "**/.turbo", "bench/results", "docs/api", ".cache", ".stryker-tmp"],
    cleanTempDir: "always",
    // A rerun tests only the mutants whose code or tests changed since the last run of that package.
    incremental: true,
    incrementalFile: `node_modules/.cache/stryker/${dir.replaceAll("/", "-")}.json`,
    timeoutMS: 10_000,
    logLevel: "warn",
  });
  const results = await stryker.runMutationTest();
  for (const file of files) {
    const path = `${dir}/${file}`;
    const mine = results.filter((r) => relative(repoRoot, r.fileName) === path || r.fileName === path);
    const counted = mine.filter((r) => COUNTED.has(r.status));
    const killed = counted.filter((r) => DETECTED.has(r.status)).length;
    const score = counted.length === 0 ? 100 : (100 * killed) / counted.length;
    rows.push({ path, score, killed, total: counted.length });
    for (const r of counted.filter((r) => !DETECTED.has(r.status))) {
      survivors.push(
        `${path}:${r.location.start.line}:${r.location.start.column + 1} ${r.status} ${r.mutatorName}: ${JSON.stringify(r.replacement)}`,
      );
    }
  }
}

console.log("\nmutation score per file (killed / counted mutants)");
for (const { path, score, killed, total } of rows) {
  console.log(
    `${score.toFixed(1).padStart(6)} %  ${String(killed).padStart(4)} / ${String(total).padEnd(4)} ${path}`,
  );
}
if (survivors.length > 0) console.log(`\nsurviving mutants:\n${survivors.join("\n")}`);
const under = rows.filter((r) => r.score < GOAL);
if (under.length > 0) {
  console.error(`\nunder the ${GOAL} % goal: ${under.map((r) => r.path).join(", ")}`);
  process.exit(1);
}
