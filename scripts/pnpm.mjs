// @ts-check
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const rootManifest = new URL("../package.json", import.meta.url);

/**
 * The pnpm to spawn: the one running this process (pnpm sets `npm_execpath` for every script it runs),
 * else the pinned release through npx. Never plain `pnpm` from PATH: that is often corepack's shim,
 * which on a fresh machine downloads pnpm and fails its signature check, and tools that spawn it (publint
 * through tinyexec) put Node's own folder, where that shim lives, first on PATH.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {{ command: string, args: string[] }} spawn `command` with `[...args, ...yourArgs]`
 */
export function pnpmCommand(env = process.env) {
  const running = env["npm_execpath"];
  if (running && env["npm_config_user_agent"]?.startsWith("pnpm/")) return { command: running, args: [] };
  const manifest = JSON.parse(readFileSync(rootManifest, "utf8"));
  return { command: "npx", args: ["--yes", String(manifest.packageManager)] };
}

/**
 * Runs pnpm to completion and returns its stdout; throws with its output when it fails.
 * @param {string[]} args
 * @param {{ cwd: string, env?: NodeJS.ProcessEnv }} options
 */
export function runPnpm(args, { cwd, env = process.env }) {
  const pnpm = pnpmCommand(env);
  const result = spawnSync(pnpm.command, [...pnpm.args, ...args], { cwd, env, encoding: "utf8" });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}${result.error?.message ?? ""}`;
    throw new Error(
      `pnpm ${args.join(" ")} failed (exit ${result.status}) in ${cwd}:\n${output.slice(-4000)}`,
    );
  }
  return result.stdout;
}
