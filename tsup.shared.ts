import type { Options } from "tsup";

/**
 * The build every published package shares: ESM + CJS, a declaration file per module format. The private
 * `@exlivekit/internal` helpers are inlined, so no published package depends on that unpublished one.
 */
export function libraryBuild(entry: Record<string, string>, overrides: Options = {}): Options {
  // A package's own inlined modules (server-sdk's codecs) come on top of the internal helpers.
  const { noExternal = [], ...rest } = overrides;
  return {
    entry,
    format: ["esm", "cjs"],
    dts: true,
    clean: true,
    splitting: true,
    treeshake: true,
    target: "es2022",
    outDir: "dist",
    noExternal: ["@exlivekit/internal", ...noExternal],
    ...rest,
  };
}
