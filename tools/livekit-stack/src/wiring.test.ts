import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { integrationWiring } from "./wiring.js";

const temps: string[] = [];
async function packageDir(files: string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "exlivekit-wiring-test-"));
  temps.push(dir);
  for (const file of files) {
    await mkdir(join(dir, file, ".."), { recursive: true });
    await writeFile(join(dir, file), "");
  }
  return dir;
}
afterEach(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe("integrationWiring", () => {
  it("adds the global setup, which decides by the selected files", async () => {
    vi.stubEnv("EXLIVEKIT_SKIP_INTEGRATION", "");
    const dir = await packageDir(["src/a.test.ts"]);
    const wiring = integrationWiring(dir);
    expect(wiring.exclude).toEqual([]);
    expect(wiring.globalSetup).toHaveLength(1);
    expect(wiring.globalSetup[0]).toMatch(/global-setup\.ts$/);
  });

  it("skips integration tests locally when asked, loudly", async () => {
    vi.stubEnv("EXLIVEKIT_SKIP_INTEGRATION", "1");
    vi.stubEnv("CI", "");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const dir = await packageDir(["test/deep/x.integration.test.ts"]);
    expect(integrationWiring(dir)).toEqual({ globalSetup: [], exclude: ["**/*.integration.test.ts"] });
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/SKIPPED/));
  });

  it("has nothing to warn about in a package without integration tests", async () => {
    vi.stubEnv("EXLIVEKIT_SKIP_INTEGRATION", "1");
    vi.stubEnv("CI", "");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const dir = await packageDir(["src/a.test.ts"]);
    expect(integrationWiring(dir).globalSetup).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });

  it("refuses to skip integration tests in CI", async () => {
    vi.stubEnv("EXLIVEKIT_SKIP_INTEGRATION", "1");
    vi.stubEnv("CI", "true");
    const dir = await packageDir(["src/x.integration.test.ts"]);
    expect(() => integrationWiring(dir)).toThrow(/not allowed in CI/);
  });
});
