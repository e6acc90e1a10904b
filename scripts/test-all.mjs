// `pnpm test:all`: the complete suite, exactly what CI runs. Stops at the first failing step.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./livekit-pin.mjs";
import { pnpmCommand } from "./pnpm.mjs";

const vitest = join(repoRoot, "node_modules/vitest/vitest.mjs");
const pnpm = pnpmCommand();

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

// The whole workspace, with the cross-runtime test tools `pnpm demo` leaves out (tools/runtimes).
step("install the workspace", pnpm.command, [...pnpm.args, "install"]);
step("LiveKit server, test-server and Redis are present", "node", ["tools/livekit-stack/bin/ensure.mjs"]);
step("generated protocol code matches a fresh generation", "node", [
  "scripts/generate-protocol.mjs",
  "--check",
]);
step("lint and format", pnpm.command, [...pnpm.args, "exec", "biome", "check", "."]);
step(
  "build, packaging checks, typecheck",
  pnpm.command,
  [...pnpm.args, "exec", "turbo", "run", "build", "check:package", "typecheck"],
  { env },
);
step(
  "tests on Node 20 (unit and integration, real livekit-server)",
  pnpm.command,
  [...pnpm.args, "exec", "turbo", "run", "test", "--concurrency=1"],
  { env },
);

const { binaries } = await import("../tools/runtimes/index.js");
for (const dir of readdirSync(join(repoRoot, "packages"))) {
  step(
    `unit tests of @exlivekit/${dir} on Node 22`,
    binaries.node22,
    [vitest, "run", "--passWithNoTests", "--exclude", "**/*.integration.test.ts"],
    {
      cwd: join(repoRoot, "packages", dir),
      env,
    },
  );
}
console.log("\nAll checks passed.");
