import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ensureBinaries } from "./binaries.js";
import { pinnedProtocolVersion, pinnedServerVersion } from "./config.js";

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "exlivekit-binaries-test-"));
  temps.push(dir);
  return dir;
}
afterEach(async () => {
  for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe("ensureBinaries", () => {
  it("reads the pinned release from livekit.json", async () => {
    const pin = JSON.parse(await readFile(new URL("../../../livekit.json", import.meta.url), "utf8"));
    expect(pinnedServerVersion()).toBe(pin.server);
    expect(pinnedProtocolVersion()).toBe(pin.protocol);
  });

  it("reuses the cached build of the pinned release", async () => {
    const started = Date.now();
    const binaries = await ensureBinaries();
    expect(binaries.built).toBe(false);
    expect(binaries.version).toBe(pinnedServerVersion());
    expect(binaries.dir.endsWith(`livekit-${pinnedServerVersion()}`)).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("says Go and the module proxy are needed when Go is missing", async () => {
    const cacheRoot = await tempDir();
    const attempt = ensureBinaries({ cacheRoot, goCommand: join(cacheRoot, "no-such-go") });
    await expect(attempt).rejects.toThrow(/Go toolchain .* was not found/);
    await expect(attempt).rejects.toThrow(/Go module proxy/);
  });

  it("has a CLI that exits 1 with the reason when Go is missing", async () => {
    const cacheRoot = await tempDir();
    const cli = new URL("../bin/ensure.mjs", import.meta.url).pathname;
    const result = spawnSync(process.execPath, [cli], {
      env: { ...process.env, EXLIVEKIT_CACHE: cacheRoot, PATH: "/nonexistent" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Go toolchain .* was not found.*Go module proxy/);
  });

  it("has a CLI that reports the cached binaries", () => {
    const cli = new URL("../bin/ensure.mjs", import.meta.url).pathname;
    const result = spawnSync(process.execPath, [cli], { encoding: "utf8", timeout: 30_000 });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`livekit-server ${pinnedServerVersion()} (cached)`);
    expect(result.stdout).toMatch(/redis-server: /);
  });

  it("reports go install's output when the build fails", async () => {
    const cacheRoot = await tempDir();
    const attempt = ensureBinaries({ cacheRoot, version: "v0.0.0-does-not-exist", goCommand: "go" });
    await expect(attempt).rejects.toThrow(/`go install` of livekit-server v0\.0\.0-does-not-exist failed/);
  });

  it("does not reuse binaries of another version", async () => {
    const cacheRoot = await tempDir();
    // An empty cache for a version that does not exist forces a build, which fails fast.
    await expect(
      ensureBinaries({ cacheRoot, version: "v0.0.1", goCommand: join(cacheRoot, "missing-go") }),
    ).rejects.toThrow(/v0\.0\.1/);
  });
});
