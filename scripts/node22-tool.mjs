// Tools that declare Node >= 22 (protoc-gen-es, StrykerJS) live in small workspaces of their own under
// tools/, kept out of the main workspace: installed on first use and run with the Node 22 of
// tools/runtimes, so the workspace's install on Node 20 has no engine warning to print.
import { existsSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { repoRoot } from "./livekit-pin.mjs";
import { runPnpm } from "./pnpm.mjs";

/**
 * Installs `tools/<name>` (from its own lockfile) unless `installed` (a path inside it) exists, and
 * returns its folder and a PATH that finds its binaries and Node 22 first.
 * @param {string} name
 * @param {string} installed
 */
export async function node22Tool(name, installed) {
  const { binaries } = await import("../tools/runtimes/index.js");
  const dir = join(repoRoot, "tools", name);
  const PATH = [
    join(dir, "node_modules/.bin"),
    dirname(binaries.node22),
    join(repoRoot, "node_modules/.bin"),
    process.env.PATH,
  ].join(delimiter);
  if (!existsSync(join(dir, installed))) {
    runPnpm(["install", "--frozen-lockfile"], { cwd: dir, env: { ...process.env, PATH } });
  }
  return { dir, PATH, node22: binaries.node22 };
}
