import { spawnSync } from "node:child_process";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
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

  it("says what it builds, where it caches, and that it is alive while go install runs", async () => {
    const cacheRoot = await tempDir();
    // A stand-in for a slow Go: answers `go env`, then "builds" for a while and fails.
    const go = join(cacheRoot, "slow-go");
    await writeFile(
      go,
      '#!/bin/sh\nif [ "$1" = env ]; then echo /gomod; echo /gocache; exit 0; fi\nsleep 1.2\necho no such module >&2\nexit 1\n',
    );
    await chmod(go, 0o755);
    const lines: string[] = [];
    const attempt = ensureBinaries({
      cacheRoot,
      version: "v9.9.9",
      goCommand: go,
      heartbeatMs: 250,
      log: (line) => lines.push(line),
    });
    await expect(attempt).rejects.toThrow(
      /`go install` of livekit-server v9\.9\.9 failed[\s\S]*no such module/,
    );
    expect(lines[0]).toContain("building livekit-server v9.9.9");
    expect(lines[0]).toContain("modules in /gomod, build cache in /gocache");
    expect(lines[0]).toContain(join(cacheRoot, "livekit-v9.9.9"));
    const beats = lines.filter((line) => /^still building livekit-server v9\.9\.9: \d+ s so far$/.test(line));
    expect(beats.length).toBeGreaterThanOrEqual(3);
  });

  it("does not reuse binaries of another version", async () => {
    const cacheRoot = await tempDir();
    // An empty cache for a version that does not exist forces a build, which fails fast.
    await expect(
      ensureBinaries({ cacheRoot, version: "v0.0.1", goCommand: join(cacheRoot, "missing-go") }),
    ).rejects.toThrow(/v0\.0\.1/);
  });
});
