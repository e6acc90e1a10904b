import { defineConfig } from "tsup";
import { libraryBuild } from "../../tsup.shared.ts";
import { codecEntries, generatedEntries } from "./subpaths.mjs";

// One entry per .proto file, so `@exlivekit/protocol/room` pulls only what rooms need, and one per codec file.
export default defineConfig(
  libraryBuild({ index: "src/index.ts", ...generatedEntries(), ...codecEntries() }),
);
