import { defineConfig } from "tsup";
import { libraryBuild } from "../../tsup.shared.ts";

export default defineConfig(
  libraryBuild({
    index: "src/index.ts",
    "index.node": "src/index.node.ts",
    endpoint: "src/endpoint.ts",
    "endpoint.node": "src/endpoint.node.ts",
    node: "src/node.ts",
  }),
);
