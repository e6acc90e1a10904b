import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";
import { libraryBuild } from "../../tsup.shared.ts";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as {
  version: string;
};

// The User-Agent names the released version (request-headers.ts).
export default defineConfig(
  libraryBuild(
    {
      index: "src/index.ts",
      json: "src/json-format.ts",
      transport: "src/transport-entry.ts",
      reflect: "src/reflect-entry.ts",
    },
    {
      define: { __EXLIVEKIT_SDK_VERSION__: JSON.stringify(version) },
      // The generated codecs go into this package's own modules, tree-shaken: Node then loads a few files
      // instead of the ~30 modules of the protocol package's wire entries and their shared chunks, which
      // was most of the import time. Types still come from @exlivekit/protocol.
      noExternal: [/^@exlivekit\/protocol\/wire\//, /^@exlivekit\/protocol\/json\//],
      // The protocol's built modules import their shared chunks bare (`import "./chunk-X.js"`, an artifact
      // of its code splitting); the package declares `sideEffects: false`, so esbuild drops those imports,
      // as intended, and would print one warning per chunk and format on every build.
      esbuildOptions(options) {
        options.logOverride = { ...options.logOverride, "ignored-bare-import": "silent" };
      },
    },
  ),
);
