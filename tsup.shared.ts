import type { Options } from "tsup";

/** The build every published package shares: ESM + CJS, a declaration file per module format. */
export function libraryBuild(entry: Record<string, string>, overrides: Options = {}): Options {
  return {
    entry,
    format: ["esm", "cjs"],
    dts: true,
    clean: true,
    splitting: true,
    treeshake: true,
    target: "es2022",
    outDir: "dist",
    ...overrides,
  };
}
