// bundle.*: bytes a browser or edge-runtime app ships for one feature, minified then gzipped.
// esbuild bundles a one-line entry that re-exports the feature, with the conditions workerd and
// browser pick (so @exlivekit packages resolve to their web-standard builds).
import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const benchDir = fileURLToPath(new URL("..", import.meta.url));

export const entries = {
  "bundle.token": {
    ours: 'export { AccessToken } from "@exlivekit/token";',
    official: 'export { AccessToken } from "livekit-server-sdk";',
  },
  "bundle.webhook": {
    ours: 'export { WebhookReceiver } from "@exlivekit/webhook";',
    official: 'export { WebhookReceiver } from "livekit-server-sdk";',
  },
  "bundle.room": {
    ours: 'export { Client, RoomService } from "@exlivekit/server-sdk"; export { fetchTransport } from "@exlivekit/transport-fetch";',
    official: 'export { RoomServiceClient } from "livekit-server-sdk";',
  },
};

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

/** Minified bundle of `contents` (an entry module's source); `metafile` too when asked. */
export async function bundle(contents, platform, external, metafile = false) {
  const out = await build({
    stdin: { contents, resolveDir: benchDir, loader: "js", sourcefile: "entry.js" },
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2022",
    platform,
    conditions: ["workerd", "browser"],
    mainFields: ["browser", "module", "main"],
    external,
    write: false,
    logLevel: "silent",
    metafile,
  });
  return metafile
    ? { code: out.outputFiles[0].contents, metafile: out.metafile }
    : out.outputFiles[0].contents;
}

/** Gzipped size of `contents` bundled for the browser; falls back to node built-ins external if that fails. */
export async function gzippedSize(contents) {
  try {
    return { bytes: gzipSync(await bundle(contents, "browser", []), { level: 9 }).length, fallback: null };
  } catch (error) {
    const reason = error?.errors?.[0]?.text ?? String(error);
    const bytes = gzipSync(await bundle(contents, "neutral", nodeBuiltins), { level: 9 }).length;
    return { bytes, fallback: reason };
  }
}

/** Returns { figures: { "bundle.token", ... }: name -> [gzipped bytes], notes: string[] }. */
export async function bundleSuite() {
  const figures = {};
  const notes = [];
  for (const [key, byContender] of Object.entries(entries)) {
    figures[key] = {};
    for (const [contender, contents] of Object.entries(byContender)) {
      const { bytes, fallback } = await gzippedSize(contents);
      figures[key][contender] = [bytes];
      if (fallback !== null) {
        notes.push(
          `${key} ${contender}: does not bundle for platform browser (${fallback}); measured with platform neutral and Node built-ins external.`,
        );
      }
    }
  }
  if (notes.length === 0) {
    notes.push(
      "Every entry, the official SDK's included, bundled for platform browser as is (no Node built-in had to be marked external).",
    );
  }
  return { figures, notes };
}
