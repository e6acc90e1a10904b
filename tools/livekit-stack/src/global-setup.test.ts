import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const vitestCli = fileURLToPath(new URL("../../../node_modules/vitest/vitest.mjs", import.meta.url));

function runVitest(...args: string[]) {
  const { EXLIVEKIT_SKIP_INTEGRATION: _skip, ...env } = process.env;
  return spawnSync(process.execPath, [vitestCli, "run", ...args], {
    cwd: packageDir,
    env,
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("global setup", () => {
  it("starts no server when only unit test files are selected", () => {
    const result = runVitest("src/token.test.ts");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/1 passed/);
    expect(result.stdout).not.toContain("[livekit-stack] ready");
  });

  it("starts the servers when an integration test file is selected", () => {
    const result = runVitest("src/stack.integration.test.ts", "-t", "provided mock");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("[livekit-stack] ready");
  });
});
