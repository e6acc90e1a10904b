import type { Plugin } from "esbuild";
import { defineConfig } from "tsup";
import { libraryBuild } from "../../tsup.shared.ts";

// The `node` export condition gets its own build in dist/node, identical except that the body hash uses
// node:crypto (~20x faster than crypto.subtle.digest on Node). The Node request helper is built there
// too, so it shares the WebhookError class with the entry Node resolves.
const nodeCrypto: Plugin = {
  name: "node-body-hash",
  setup(build) {
    build.onResolve({ filter: /\/body-hash\.ts$/ }, () => ({
      path: new URL("./src/body-hash.node.ts", import.meta.url).pathname,
    }));
  },
};

export default defineConfig([
  libraryBuild({ index: "src/index.ts" }, { outDir: "dist/web" }),
  libraryBuild(
    { index: "src/index.ts", node: "src/node.ts" },
    { outDir: "dist/node", platform: "node", esbuildPlugins: [nodeCrypto] },
  ),
]);
