// The file a package's `import` condition selects when the `node` condition does not apply: the
// build that browsers and edge runtimes get. Read from the package's own exports map, not hardcoded.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);

/** URL of `pkg`'s default (non-node) ESM entry, e.g. @exlivekit/token -> .../dist/index.js. */
export function webEntryUrl(pkg) {
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  const target = manifest.exports?.["."]?.import?.default;
  if (typeof target !== "string") throw new Error(`${pkg}: no exports["."].import.default`);
  return pathToFileURL(join(dirname(manifestPath), target)).href;
}
