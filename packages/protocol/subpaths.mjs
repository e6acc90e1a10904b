// The one rule from generated file to subpath export: `src/gen/livekit_models_entry.ts` is `./models`,
// `src/gen/agent/livekit_agent_session_entry.ts` is `./agent/agent_session`, `src/gen/cloud_replay_entry.ts`
// is `./cloud_replay`. tsup's entries, package.json's exports and `pnpm generate` all follow it. An entry
// (protoc-gen-entry) re-exports protoc-gen-es's `*_pb.ts` with service descriptors renamed `*Descriptor`.
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const generated = fileURLToPath(new URL("./src/gen", import.meta.url));

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** Subpath name (no `./`) to its source file, for every generated file, sorted by name. */
export function generatedEntries() {
  const entries = listFiles(generated)
    .map((file) => relative(generated, file).split("\\").join("/"))
    .filter((file) => file.endsWith("_entry.ts"))
    .map((file) => [file.replace(/(^|\/)livekit_/, "$1").replace(/_entry\.ts$/, ""), `src/gen/${file}`]);
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * The descriptor-free codecs protoc-gen-wire writes next to them: `src/gen/livekit_room_wire.ts` is
 * `wire/room`, `src/gen/livekit_room_json.ts` is `json/room`; their shared helpers are `wire/runtime`.
 */
export function codecEntries() {
  const entries = listFiles(generated)
    .map((file) => relative(generated, file).split("\\").join("/"))
    .flatMap((file) => {
      const match = /^(.*?)_(wire|json)\.ts$/.exec(file);
      return match === null
        ? []
        : [[`${match[2]}/${match[1].replace(/(^|\/)livekit_/, "$1")}`, `src/gen/${file}`]];
    });
  return Object.fromEntries([
    ["wire/runtime", "src/wire-runtime.ts"],
    ...entries.sort(([a], [b]) => (a < b ? -1 : 1)),
  ]);
}

/** The `exports` map of package.json: the root entry, one subpath per generated file, package.json. */
export function packageExports() {
  const conditions = (name) => ({
    import: { types: `./dist/${name}.d.ts`, default: `./dist/${name}.js` },
    require: { types: `./dist/${name}.d.cts`, default: `./dist/${name}.cjs` },
  });
  const subpaths = Object.keys(generatedEntries()).map((name) => [`./${name}`, conditions(name)]);
  return {
    ".": conditions("index"),
    ...Object.fromEntries(subpaths),
    // The codecs (codecEntries), by pattern: `@exlivekit/protocol/wire/room`, `/json/webhook`.
    "./wire/*": conditions("wire/*"),
    "./json/*": conditions("json/*"),
    "./package.json": "./package.json",
  };
}
