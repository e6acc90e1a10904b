#!/usr/bin/env node
// @ts-check
// `pnpm docs` (build): render the API reference into docs/api.
// `pnpm check:docs` (check): fail when an exported symbol of a published package lacks a doc comment.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BASELINE_FILE, REPO_ROOT, readBaseline, runTypedoc } from "./run-typedoc.mjs";

const command = process.argv[2];
if (command !== "build" && command !== "check" && command !== "baseline") {
  console.error("usage: cli.mjs build | check | baseline");
  process.exit(2);
}

if (command === "baseline") {
  // Rewrites the baseline to exactly what lacks docs today. Review the diff: it should only shrink.
  const run = await runTypedoc({ baseline: [] });
  const previous = JSON.parse(readFileSync(BASELINE_FILE, "utf8"));
  writeFileSync(
    BASELINE_FILE,
    `${JSON.stringify({ ...previous, undocumented: run.undocumented }, null, 2)}\n`,
  );
  console.log(`${run.undocumented.length} undocumented name(s) written to ${BASELINE_FILE}`);
  process.exit(run.errors.length > 0 ? 1 : 0);
}

const out = join(REPO_ROOT, "docs", "api");
const run = await runTypedoc(command === "build" ? { out } : {});
for (const warning of run.warnings) console.warn(`typedoc: ${warning}`);
if (run.errors.length > 0) {
  console.error(`typedoc failed:\n${run.errors.map((e) => `  ${e}`).join("\n")}`);
  process.exit(1);
}

/** @type {string[]} */
const failures = [];
if (run.undocumented.length > 0) {
  failures.push(
    `${run.undocumented.length} exported symbol(s) without a doc comment (add a TSDoc comment):\n` +
      run.undocumented.map((name) => `  ${name}`).join("\n"),
  );
}
if (run.staleBaseline.length > 0) {
  failures.push(
    `documented now, delete from ${BASELINE_FILE}:\n${run.staleBaseline.map((n) => `  ${n}`).join("\n")}`,
  );
}

if (command === "build") {
  console.log(`API reference of ${run.modules.join(", ")} written to ${out}/index.html`);
  // Rendering still succeeds; the doc-coverage gate is `pnpm check:docs`.
  for (const failure of failures) console.warn(failure);
} else if (failures.length > 0) {
  console.error(`doc check failed:\n${failures.join("\n\n")}`);
  process.exit(1);
} else {
  const known = readBaseline().length;
  console.log(
    `doc check passed for ${run.modules.join(", ")}: ` +
      (known === 0
        ? "every export is documented."
        : `nothing undocumented beyond the ${known} in ${BASELINE_FILE}.`),
  );
}
