// @ts-check
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { defaultCacheRoot, pinnedServerVersion } from "./config.js";
import { runCommand } from "./run-command.js";

/** @import { Binaries, EnsureBinariesOptions } from "./types.js" */

const modulePath = "github.com/livekit/livekit-server";
const stampFile = "VERSION";

/**
 * Builds livekit-server and its test-server mock for the pinned release with `go install`, or reuses
 * them from the cache while their version matches.
 * @param {EnsureBinariesOptions} [options]
 * @returns {Promise<Binaries>}
 */
export async function ensureBinaries(options = {}) {
  const version = options.version ?? pinnedServerVersion();
  const dir = join(options.cacheRoot ?? defaultCacheRoot(), `livekit-${version}`);
  const server = join(dir, "server");
  const testServer = join(dir, "test-server");
  const log = options.log ?? (() => {});
  if (await cachedVersionMatches(dir, version)) {
    return { version, dir, server, testServer, built: false };
  }
  const go = options.goCommand ?? "go";
  const caches = await goCaches(go);
  log(
    `building livekit-server ${version} and its test-server with \`go install\` (CGO off): several minutes ` +
      `and about 1 GB of Go caches the first time${caches}; the binaries are kept in ${dir}`,
  );
  // A first build prints nothing for minutes: say it is alive, so nobody takes it for a hang.
  const started = Date.now();
  const heartbeat = setInterval(() => {
    log(`still building livekit-server ${version}: ${Math.round((Date.now() - started) / 1000)} s so far`);
  }, options.heartbeatMs ?? 10_000);
  try {
    await build(version, dir, go);
  } finally {
    clearInterval(heartbeat);
  }
  log(`built livekit-server ${version} in ${Math.round((Date.now() - started) / 1000)} s`);
  if (!(await cachedVersionMatches(dir, version))) {
    throw new Error(
      `built livekit-server ${version} into ${dir}, but \`server --version\` does not report it`,
    );
  }
  return { version, dir, server, testServer, built: true };
}

/**
 * Where Go keeps downloaded modules and build results, as a clause for the progress message.
 * @param {string} go
 */
async function goCaches(go) {
  const { code, output } = await runCommand(go, ["env", "GOMODCACHE", "GOCACHE"], { timeoutMs: 30_000 });
  const [modules, builds] = output.trim().split("\n");
  return code === 0 && modules && builds ? ` (modules in ${modules}, build cache in ${builds})` : "";
}

/**
 * @param {string} dir
 * @param {string} version
 */
async function cachedVersionMatches(dir, version) {
  const server = join(dir, "server");
  if (!existsSync(server) || !existsSync(join(dir, "test-server"))) return false;
  const stamp = await readFile(join(dir, stampFile), "utf8").catch(() => "");
  if (stamp.trim() === version) return true;
  // Binaries built before stamps existed: trust the server's own version output.
  const { code, output } = await runCommand(server, ["--version"], { timeoutMs: 30_000 });
  if (code !== 0 || !output.includes(`version ${version.replace(/^v/, "")}`)) return false;
  await writeFile(join(dir, stampFile), `${version}\n`);
  return true;
}

/**
 * @param {string} version
 * @param {string} dir
 * @param {string} go
 */
async function build(version, dir, go) {
  await mkdir(dir, { recursive: true });
  // Build into a private folder and move into place: parallel test runs may build at the same time.
  const staging = await mkdtemp(join(dir, ".build-"));
  try {
    const packages = [`${modulePath}/cmd/server@${version}`, `${modulePath}/cmd/test-server@${version}`];
    const result = await runCommand(go, ["install", ...packages], {
      env: { ...process.env, GOBIN: staging, CGO_ENABLED: "0" },
    });
    if (result.missing) {
      throw new Error(
        `cannot build livekit-server ${version}: the Go toolchain (\`${go}\`) was not found. ` +
          "Building it needs Go >= 1.26 on PATH (https://go.dev/dl) and access to the Go module proxy " +
          `(GOPROXY, default https://proxy.golang.org). Alternatively put prebuilt \`server\` and \`test-server\` ` +
          `binaries of ${version} into ${dir}.`,
      );
    }
    if (result.code !== 0) {
      throw new Error(
        `\`go install\` of livekit-server ${version} failed (exit ${result.code}); it needs Go >= 1.26 and ` +
          `access to the Go module proxy. Output:\n${result.output.slice(-8000)}`,
      );
    }
    await rename(join(staging, "server"), join(dir, "server"));
    await rename(join(staging, "test-server"), join(dir, "test-server"));
    await writeFile(join(dir, stampFile), `${version}\n`);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
