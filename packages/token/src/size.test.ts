import { readdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const LIMIT_GZIP_BYTES = 6 * 1024;
const ENDPOINT_LIMIT_GZIP_BYTES = 8 * 1024;

/** Bundles `contents` (from the package folder) as a browser or worker bundler would; gzip level 9. */
async function bundled(contents: string) {
  const result = await build({
    stdin: { contents, resolveDir: new URL("..", import.meta.url).pathname, loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    conditions: ["browser", "workerd"],
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.contents;
  return {
    bytes: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    inputs: Object.keys(result.metafile.inputs),
  };
}

describe("bundle size of the default entry", () => {
  it("`import { AccessToken }` for browsers and workers is at most 6 KB gzip, without protobuf or node:*", async () => {
    const { bytes, gzip, inputs } = await bundled(
      'import { AccessToken } from "./src/index.ts"; globalThis.AccessToken = AccessToken;',
    );
    expect(inputs.some((path) => path.includes("@bufbuild") || path.includes("protocol"))).toBe(false);
    expect(inputs.some((path) => path.startsWith("node:"))).toBe(false);
    // Nothing but this package's own modules and the internal helpers its build inlines: no dependency.
    const own = (path: string) => path.startsWith("src/") || path.startsWith("../internal/src/");
    expect(inputs.filter((path) => path !== "<stdin>" && !own(path))).toEqual([]);
    console.info(`AccessToken bundle: ${bytes} B minified, ${gzip} B gzip`);
    expect(gzip).toBeLessThanOrEqual(LIMIT_GZIP_BYTES);
  });
});

describe("bundle size of the endpoint entry", () => {
  it("`createTokenEndpoint` with `AccessToken` is at most 8 KB gzip, without protobuf or node:*", async () => {
    const { bytes, gzip, inputs } = await bundled(
      'import { AccessToken } from "./src/index.ts"; import { createTokenEndpoint } from "./src/endpoint.ts";' +
        "globalThis.both = [AccessToken, createTokenEndpoint];",
    );
    expect(inputs).toContain("src/token-endpoint.ts");
    expect(inputs.some((path) => path.includes("@bufbuild") || path.includes("protocol"))).toBe(false);
    expect(inputs.some((path) => path.startsWith("node:") || path.endsWith(".node.ts"))).toBe(false);
    console.info(`createTokenEndpoint + AccessToken bundle: ${bytes} B minified, ${gzip} B gzip`);
    expect(gzip).toBeLessThanOrEqual(ENDPOINT_LIMIT_GZIP_BYTES);
  });
});

describe("dependencies of the sources", () => {
  it("no module imports the protobuf runtime or @exlivekit/protocol (type-only imports aside)", () => {
    const dir = new URL(".", import.meta.url);
    const sources = readdirSync(dir).filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"));
    expect(sources.length).toBeGreaterThan(5);
    for (const file of sources) {
      const text = readFileSync(new URL(file, dir), "utf8");
      const valueImports = text.match(
        /^import (?!type )[^;]*from "(@bufbuild|@exlivekit\/protocol)[^"]*";/gm,
      );
      expect(valueImports, file).toBeNull();
    }
  });
});
