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
    { define: { __EXLIVEKIT_SDK_VERSION__: JSON.stringify(version) } },
  ),
);
