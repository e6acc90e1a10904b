import { fileURLToPath } from "node:url";
import { mergeConfig } from "vitest/config";
import { packageTests } from "../../vitest.shared.ts";

// Examples import the package by name: point that at the source so tests never run a stale build.
const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default mergeConfig(packageTests(), {
  resolve: {
    alias: [
      { find: /^@exlivekit\/webhook$/, replacement: source("./src/index.ts") },
      { find: /^@exlivekit\/webhook\/node$/, replacement: source("./src/node.ts") },
    ],
  },
});
