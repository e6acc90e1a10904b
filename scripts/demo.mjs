#!/usr/bin/env node
// `pnpm demo`: installs and builds only what the quickstart needs, then runs its story against a real
// LiveKit server. See examples/quickstart/README.md. `pnpm demo browser`: the same for a page that joins
// a room from the browser through the token endpoint. See examples/browser-join/README.md.
import { spawnSync } from "node:child_process";
import { repoRoot } from "./livekit-pin.mjs";
import { pnpmCommand } from "./pnpm.mjs";

const browser = process.argv[2] === "browser";
const example = browser ? "@exlivekit/example-browser-join" : "@exlivekit/example-quickstart";
const pnpm = pnpmCommand();
const quiet = { ...process.env, TURBO_TELEMETRY_DISABLED: "1" };

/** Runs a preparation step with its output shown; stops the demo when it fails. */
function prepare(/** @type {string} */ title, /** @type {string[]} */ args) {
  console.log(title);
  const result = spawnSync(pnpm.command, [...pnpm.args, ...args], {
    cwd: repoRoot,
    stdio: "inherit",
    env: quiet,
  });
  if (result.status !== 0) {
    console.error(`Demo failed: ${title} (exit ${result.status ?? result.error?.message})`);
    process.exit(1);
  }
}

// The root's tools (turbo, tsup, TypeScript) and the example with the packages it runs on; not the
// runtimes of the cross-runtime tests (tools/runtimes), which `pnpm test:all` installs.
prepare("Installing the demo's packages (about 0.5 GB into pnpm's store the first time)", [
  "install",
  "--filter",
  "exlivekit-ts",
  "--filter-prod",
  `${example}...`,
]);
prepare("Building the packages it uses", [
  "exec",
  "turbo",
  "run",
  "build",
  `--filter=${example}...`,
  "--output-logs=errors-only",
]);

// The WebRTC participant (@livekit/rtc-node) logs at debug level unless NODE_ENV is production.
process.env["NODE_ENV"] ??= "production";
if (browser) {
  const { runBrowserJoin } = await import("../examples/browser-join/src/main.mjs");
  process.exit(await runBrowserJoin());
}
const { runDemo } = await import("../examples/quickstart/src/main.mjs");
const code = await runDemo();
if (code === 0) console.log("Next: `pnpm demo browser` joins a room from a browser (examples/browser-join).");
// Exit explicitly: runDemo stopped everything it started, but the WebRTC binding may hold the loop open.
process.exit(code);
