// Resolves the one pin in livekit.json into module versions and source folders, through the Go toolchain.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
// The harness owns reading (and validating) the pin; generation resolves it the same way.
import { pinnedServerVersion } from "../tools/livekit-stack/src/config.js";

export const repoRoot = fileURLToPath(new URL("..", import.meta.url));

function goModDownload(modulePath) {
  let out;
  try {
    out = execFileSync("go", ["mod", "download", "-json", modulePath], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    if (error.code === "ENOENT") {
      throw new Error(
        "Go is not installed or not on PATH: it is needed to fetch LiveKit's sources (Go >= 1.26).",
      );
    }
    const detail = `${error.stdout ?? ""}${error.stderr ?? ""}`.trim();
    throw new Error(`go mod download ${modulePath} failed (is the Go module proxy reachable?):\n${detail}`);
  }
  const info = JSON.parse(out);
  if (info.Error) throw new Error(`go mod download ${modulePath}: ${info.Error}`);
  return info;
}

/** The protocol module version that the pinned server's go.mod requires, and where its sources are. */
export function protocolModule() {
  const server = goModDownload(`github.com/livekit/livekit-server@${pinnedServerVersion()}`);
  const goMod = readFileSync(server.GoMod, "utf8");
  const match = goMod.match(/^\s*github\.com\/livekit\/protocol\s+(\S+)/m);
  if (!match) throw new Error(`no github.com/livekit/protocol requirement in ${server.GoMod}`);
  const protocol = goModDownload(`github.com/livekit/protocol@${match[1]}`);
  return { version: match[1], dir: protocol.Dir };
}
