#!/usr/bin/env node
// @ts-check
// `check:package` of every published package: packs it with the running pnpm (so `workspace:` ranges are
// rewritten as on publish), then lints that tarball with publint (strict) and arethetypeswrong (node16).
// Checking the tarball itself means neither tool packs on its own, which is where corepack came in and
// temporary folders were left behind.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runPnpm } from "../../../scripts/pnpm.mjs";

const bin = (/** @type {string} */ name) =>
  fileURLToPath(new URL(`../../../node_modules/.bin/${name}`, import.meta.url));

const packageDir = process.cwd();
const scratch = mkdtempSync(join(tmpdir(), "exlivekit-check-package-"));
let failed = false;
try {
  runPnpm(["pack", "--pack-destination", scratch], { cwd: packageDir });
  const [tarball] = readdirSync(scratch).filter((file) => file.endsWith(".tgz"));
  if (tarball === undefined) throw new Error(`pnpm pack wrote no tarball for ${packageDir}`);
  const publint = spawnSync(bin("publint"), ["--strict", join(scratch, tarball)], { stdio: "inherit" });
  // attw's table also shows the resolution modes the node16 profile ignores, marked "Resolution failed":
  // print it only when there is a problem, as that reads like one.
  const attw = [join(scratch, tarball), "--profile", "node16"];
  const quiet = spawnSync(bin("attw"), [...attw, "--quiet"], { stdio: "inherit" });
  if (quiet.status === 0) console.log(`attw: no problems in ${tarball} (node16 profile)`);
  else spawnSync(bin("attw"), attw, { stdio: "inherit" });
  for (const [tool, result] of /** @type {const} */ ([
    ["publint", publint],
    ["attw", quiet],
  ])) {
    if (result.status !== 0) {
      console.error(`${tool} failed on ${tarball} (exit ${result.status ?? result.error?.message})`);
      failed = true;
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
