// The package code for a child Node process: an entry module written into `dir` and bundled from src with
// esbuild (workspace packages found through the packages' node_modules). Returns the bundle's path.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BuildOptions, build } from "esbuild";

export async function bundleEntry(
  dir: string,
  source: string,
  options: Pick<BuildOptions, "banner" | "plugins"> = {},
): Promise<string> {
  const entry = join(dir, "entry.ts");
  await writeFile(entry, source);
  const out = join(dir, "entry.mjs");
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: out,
    logLevel: "silent",
    nodePaths: [
      fileURLToPath(new URL("../node_modules", import.meta.url)),
      fileURLToPath(new URL("../../server-sdk/node_modules", import.meta.url)),
    ],
    ...options,
  });
  return out;
}
