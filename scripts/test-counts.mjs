// How many tests ran, per package and per category, from the JSON reports `pnpm test:all` asks vitest
// to write; fails when a package ran fewer tests than its floor or when any test was skipped. A green
// run that quietly ran nothing (a glob that stopped matching, a suite that collected zero) stops here.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { repoRoot } from "./livekit-pin.mjs";

/** Where each package's vitest writes its JSON report (relative to the package). */
export const REPORT = "node_modules/.exlivekit/vitest-report.json";

/**
 * The fewest tests each package may run. Raise a floor when adding tests; lowering one needs a reason
 * in the commit that does it.
 */
export const MIN_TESTS = {
  "@exlivekit/protocol": 10,
  "@exlivekit/token": 161,
  "@exlivekit/webhook": 83,
  "@exlivekit/internal": 4,
  "@exlivekit/server-sdk": 236,
  "@exlivekit/transport-fetch": 55,
  "@exlivekit/transport-undici": 53,
  "@exlivekit/livekit-stack": 38,
  "@exlivekit/docs": 4,
  "@exlivekit/package-check": 22,
  "@exlivekit/bench": 3,
  "@exlivekit/example-browser-join": 2,
  "@exlivekit/example-cloudflare-worker": 4,
  "@exlivekit/example-express-webhooks": 4,
  "@exlivekit/example-nextjs-route-handlers": 4,
  "@exlivekit/example-quickstart": 3,
  "@exlivekit/example-framework-recipes": 20,
  "@exlivekit/example-transport-switch": 2,
};

export const CATEGORIES = ["real server", "real browser", "fault server", "mock", "unit"];

/**
 * What a test talks to. Integration files run against the harness: the test-server mock where the suite
 * says so ("mock" in a describe title), otherwise the real livekit-server. Fault-injection suites use a
 * local misbehaving server; files named after a browser (`browser-join.integration.test.ts`) drive a real Chromium.
 * @param {string} file path relative to the package
 * @param {string[]} titles enclosing describe titles
 */
export function category(file, titles) {
  const path = titles.join(" > ");
  if (/(^|[/.-])browser([/.-]|$)/.test(file)) return "real browser";
  if (/\bfault\b/i.test(path)) return "fault server";
  if (/\bmock\b/i.test(path)) return "mock";
  if (file.endsWith(".integration.test.ts")) return "real server";
  return "unit";
}

/** The workspace's packages with a `test` script, from the `packages:` globs of pnpm-workspace.yaml. */
function workspacePackages() {
  const yaml = readFileSync(join(repoRoot, "pnpm-workspace.yaml"), "utf8");
  const globs = [...(yaml.match(/^packages:\n((?:\s+- .+\n)+)/m)?.[1] ?? "").matchAll(/- (\S+)/g)].map(
    (m) => m[1],
  );
  const dirs = globs.flatMap((glob) => {
    if (!glob.endsWith("/*")) return [join(repoRoot, glob)];
    const parent = join(repoRoot, glob.slice(0, -2));
    return readdirSync(parent).map((name) => join(parent, name));
  });
  return dirs
    .filter((dir) => existsSync(join(dir, "package.json")))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) }))
    .filter(({ manifest }) => manifest.scripts?.test !== undefined);
}

/** Deletes the reports of an earlier run, so a package that writes none cannot pass on old numbers. */
export function clearReports() {
  for (const { dir } of workspacePackages()) rmSync(join(dir, REPORT), { force: true });
}

/** Prints the counts; returns the problems found (empty when the run is complete). */
export function checkTestCounts() {
  const problems = [];
  const totals = Object.fromEntries(CATEGORIES.map((c) => [c, 0]));
  const rows = [];
  for (const { dir, manifest } of workspacePackages()) {
    const name = manifest.name;
    const reportPath = join(dir, REPORT);
    if (!existsSync(reportPath)) {
      problems.push(`${name}: no vitest report at ${relative(repoRoot, reportPath)}`);
      continue;
    }
    const report = JSON.parse(readFileSync(reportPath, "utf8"));
    const counts = Object.fromEntries(CATEGORIES.map((c) => [c, 0]));
    let ran = 0;
    for (const file of report.testResults ?? []) {
      const rel = relative(dir, file.name);
      for (const test of file.assertionResults ?? []) {
        if (test.status !== "passed") {
          problems.push(`${name}: ${test.status} test "${test.fullName}" (${rel})`);
          continue;
        }
        counts[category(rel, test.ancestorTitles ?? [])] += 1;
        ran += 1;
      }
    }
    const floor = MIN_TESTS[name];
    if (floor === undefined) problems.push(`${name}: no minimum test count in scripts/test-counts.mjs`);
    else if (ran < floor) problems.push(`${name}: ran ${ran} tests, fewer than its floor of ${floor}`);
    for (const c of CATEGORIES) totals[c] += counts[c];
    rows.push([name, ran, ...CATEGORIES.map((c) => counts[c])]);
  }
  rows.push([
    "total",
    rows.reduce((sum, row) => sum + Number(row[1]), 0),
    ...CATEGORIES.map((c) => totals[c]),
  ]);
  const header = ["package", "tests", ...CATEGORIES];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells) =>
    cells
      .map((cell, i) =>
        String(cell)
          .padStart(i === 0 ? 0 : widths[i])
          .padEnd(i === 0 ? widths[i] : 0),
      )
      .join("  ");
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = checkTestCounts();
  if (problems.length > 0) {
    console.error(`\n${problems.join("\n")}`);
    process.exit(1);
  }
}
