// `pnpm generate`: fetch LiveKit's .proto files at the pinned protocol version and regenerate
// @exlivekit/protocol. `--latest`: first move the protocol pin in livekit.json to the newest release.
// `--check`: regenerate into a temporary folder and fail when the committed code differs.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { packageExports } from "../packages/protocol/subpaths.mjs";
import { pinNewestProtocol, protocolModule, repoRoot } from "./livekit-pin.mjs";
import { node22Tool } from "./node22-tool.mjs";

// Every public .proto of the protocol module becomes one subpath export of @exlivekit/protocol. These are
// LiveKit's internal buses between server processes, not API a server SDK calls.
const internal = [/^infra\//, /^rpc\//, /^roomrpc\//, /^livekit_internal\.proto$/];

/** The public .proto files under `protobufs/`, as paths relative to it, sorted. */
export function publicProtoFiles(protobufs) {
  return listFiles(protobufs)
    .map((file) => file.split("\\").join("/"))
    .filter((file) => file.endsWith(".proto") && !internal.some((pattern) => pattern.test(file)))
    .sort();
}

const generatedDir = "packages/protocol/src/gen";

function fetchProtos() {
  const { version, dir } = protocolModule();
  const cache = join(repoRoot, ".cache", "protos", version);
  rmSync(cache, { recursive: true, force: true });
  for (const file of publicProtoFiles(join(dir, "protobufs"))) {
    mkdirSync(join(cache, file, ".."), { recursive: true });
    cpSync(join(dir, "protobufs", file), join(cache, file));
  }
  return { version, dir, cache };
}

async function generate(outputBase, protos) {
  execFileSync("buf", ["generate", protos, "--template", "buf.gen.yaml", "-o", outputBase], {
    cwd: repoRoot,
    stdio: "inherit",
    env: {
      ...process.env,
      PATH: (await node22Tool("protoc-gen-es", "node_modules/.bin/protoc-gen-es")).PATH,
    },
  });
}

function listFiles(root, dir = root) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(root, path) : [relative(root, path)];
  });
}

async function check(protos) {
  const scratch = mkdtempSync(join(tmpdir(), "exlivekit-gen-"));
  try {
    await generate(scratch, protos);
    const fresh = join(scratch, generatedDir);
    const committed = join(repoRoot, generatedDir);
    const names = new Set([...listFiles(fresh), ...listFiles(committed)]);
    const differing = [...names].filter((name) => {
      try {
        return !readFileSync(join(fresh, name)).equals(readFileSync(join(committed, name)));
      } catch {
        return true;
      }
    });
    if (differing.length > 0) {
      console.error(`Generated protocol code is stale or hand-edited: ${differing.join(", ")}`);
      console.error("Run `pnpm generate` and commit the result.");
      process.exit(1);
    }
    console.log(`check:generated: ${names.size} files match a fresh generation`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv.includes("--latest")) console.log(`protocol pin: ${pinNewestProtocol()}`);
const { version, dir, cache } = fetchProtos();
if (process.argv.includes("--check")) {
  await check(cache);
} else {
  await generate(repoRoot, cache);
  // LiveKit's protocol is Apache-2.0: its licence and notice travel with the generated code.
  for (const file of ["LICENSE", "NOTICE"]) {
    writeFileSync(join(repoRoot, "packages/protocol", `${file}.livekit`), readFileSync(join(dir, file)));
  }
  // One subpath export per generated file, by the rule tsup's entries follow too.
  const packageJsonPath = join(repoRoot, "packages/protocol/package.json");
  const packageJson = JSON.parse(readFileSync(packageJsonPath, "utf8"));
  packageJson.exports = packageExports();
  writeFileSync(packageJsonPath, `${JSON.stringify(packageJson, null, 2)}\n`);
  console.log(`generated ${generatedDir} from github.com/livekit/protocol@${version}`);
}
