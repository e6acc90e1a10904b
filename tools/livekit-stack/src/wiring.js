// @ts-check
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const globalSetupFile = fileURLToPath(new URL("./global-setup.ts", import.meta.url));
const skipVariable = "EXLIVEKIT_SKIP_INTEGRATION";

/**
 * What a package's vitest config needs for real-server tests: the global setup (which starts the
 * servers only when the selected files include a `*.integration.test.ts`), or, when a developer opts
 * out with EXLIVEKIT_SKIP_INTEGRATION=1, an exclude pattern plus a loud warning.
 * @param {string} [root] the package folder, for the warning (default: the current directory)
 * @returns {{ globalSetup: string[], exclude: string[] }}
 */
export function integrationWiring(root = process.cwd()) {
  if (process.env[skipVariable] !== "1") return { globalSetup: [globalSetupFile], exclude: [] };
  if (isCI()) {
    throw new Error(`${skipVariable}=1 is not allowed in CI: integration tests must run there.`);
  }
  if (hasIntegrationTests(root)) {
    const line = "!".repeat(78);
    console.warn(
      `\n${line}\n!!  ${skipVariable}=1: the integration tests (*.integration.test.ts) of\n!!  ${root}\n!!  were SKIPPED. They did not run and prove nothing. Unset it to run them.\n${line}\n`,
    );
  }
  return { globalSetup: [], exclude: ["**/*.integration.test.ts"] };
}

function isCI() {
  const ci = process.env["CI"];
  return ci !== undefined && ci !== "" && ci !== "0" && ci.toLowerCase() !== "false";
}

/** @param {string} root */
function hasIntegrationTests(root) {
  return ["src", "test"].some((dir) => containsIntegrationTest(join(root, dir), 6));
}

/**
 * @param {string} dir
 * @param {number} depth bound on the folders walked
 * @returns {boolean}
 */
function containsIntegrationTest(dir, depth) {
  /** @type {import("node:fs").Dirent[]} */
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const entry of entries) {
    if (entry.isFile() && entry.name.endsWith(".integration.test.ts")) return true;
  }
  if (depth === 0) return false;
  return entries.some(
    (entry) =>
      entry.isDirectory() &&
      entry.name !== "node_modules" &&
      entry.name !== "gen" &&
      containsIntegrationTest(join(dir, entry.name), depth - 1),
  );
}
