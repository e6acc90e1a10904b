// @ts-check
import { runCommand } from "./run-command.js";

/**
 * Makes sure `redis-server` is on PATH: installs Debian's package when running as root, else fails
 * with instructions.
 * @param {{ log?: (message: string) => void, command?: string, asRoot?: boolean }} [options] `asRoot`:
 *   whether installing with apt-get is allowed (default: whether this process runs as root)
 * @returns {Promise<string>} the command to start Redis with
 */
export async function ensureRedisServer(options = {}) {
  const command = options.command ?? "redis-server";
  if (await works(command)) return command;
  const isRoot = options.asRoot ?? (typeof process.getuid === "function" && process.getuid() === 0);
  if (!isRoot) {
    throw new Error(
      `\`${command}\` was not found. Install Redis, e.g. \`sudo apt-get update && sudo apt-get install -y redis-server\` ` +
        "(Debian/Ubuntu) or `brew install redis` (macOS), then run again.",
    );
  }
  options.log?.("redis-server missing: installing it with apt-get");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const update = await runCommand("apt-get", ["update"], { env });
  const install =
    update.code === 0 ? await runCommand("apt-get", ["install", "-y", "redis-server"], { env }) : update;
  if (install.code !== 0 || !(await works(command))) {
    throw new Error(
      `\`${command}\` was not found and \`apt-get install -y redis-server\` did not provide it:\n${install.output.slice(-4000)}`,
    );
  }
  return command;
}

/** @param {string} command */
async function works(command) {
  const { code } = await runCommand(command, ["--version"], { timeoutMs: 10_000 });
  return code === 0;
}
