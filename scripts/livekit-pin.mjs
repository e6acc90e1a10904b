// Resolves the pins in livekit.json into module source folders, through the Go toolchain.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
// The harness owns reading (and validating) the pins; generation resolves them the same way.
import { pinnedProtocolVersion } from "../tools/livekit-stack/src/config.js";

export const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const livekitJson = new URL("../livekit.json", import.meta.url);
const protocolPath = "github.com/livekit/protocol";

function go(args) {
  try {
    return execFileSync("go", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    if (error.code === "ENOENT") {
      throw new Error(
        "Go is not installed or not on PATH: it is needed to fetch LiveKit's sources (Go >= 1.26).",
      );
    }
    const detail = `${error.stdout ?? ""}${error.stderr ?? ""}`.trim();
    throw new Error(`go ${args.join(" ")} failed (is the Go module proxy reachable?):\n${detail}`);
  }
}

function goModDownload(modulePath) {
  const info = JSON.parse(go(["mod", "download", "-json", modulePath]));
  if (info.Error) throw new Error(`go mod download ${modulePath}: ${info.Error}`);
  return info;
}

/** The pinned protocol module version and where its sources are. */
export function protocolModule() {
  const version = pinnedProtocolVersion();
  return { version, dir: goModDownload(`${protocolPath}@${version}`).Dir };
}

/** Moves the protocol pin to the newest release on the module proxy (pre-releases excluded). */
export function pinNewestProtocol() {
  const versions = go(["list", "-m", "-versions", protocolPath]).trim().split(/\s+/).slice(1);
  const releases = versions.filter((v) => /^v\d+\.\d+\.\d+$/.test(v));
  const newest = releases.at(-1);
  if (newest === undefined) throw new Error(`no release of ${protocolPath} on the module proxy`);
  const pin = JSON.parse(readFileSync(livekitJson, "utf8"));
  if (pin.protocol !== newest) {
    writeFileSync(livekitJson, `${JSON.stringify({ ...pin, protocol: newest }, null, 2)}\n`);
  }
  return newest;
}
