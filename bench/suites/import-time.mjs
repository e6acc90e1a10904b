// import.*: milliseconds a fresh Node process spends in `await import(...)` of what a user needs for
// the feature (module loading and evaluation only, not Node's own start-up). One child process per
// sample, contenders alternating, median of the samples.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { compareRounds } from "../lib/compare.mjs";

const run = promisify(execFile);

// Specifiers resolved here, with the node condition a Node app gets, and handed to the child as URLs.
const features = {
  "import.token": {
    ours: ["@exlivekit/token"],
    official: ["livekit-server-sdk"],
  },
  "import.serverSdk": {
    // A call needs the client and a transport: both count.
    ours: ["@exlivekit/server-sdk", "@exlivekit/transport-undici"],
    official: ["livekit-server-sdk"],
  },
};

const probe = [
  "const urls = JSON.parse(process.argv[1]);",
  "const t0 = performance.now();",
  "for (const url of urls) await import(url);",
  "process.stdout.write(String(performance.now() - t0));",
].join("\n");

// A build running elsewhere in the checkout empties dist/ for a moment (tsup cleans first): a module
// missing then is retried a few times rather than losing the whole run. Nothing else is retried.
async function probeOnce(urls, attempt = 1) {
  try {
    return await run(process.execPath, ["--input-type=module", "-e", probe, JSON.stringify(urls)], {
      timeout: 30_000,
    });
  } catch (error) {
    if (attempt >= 4 || !String(error?.stderr).includes("ERR_MODULE_NOT_FOUND")) throw error;
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    return probeOnce(urls, attempt + 1);
  }
}

async function importMs(specifiers) {
  const urls = specifiers.map((specifier) => import.meta.resolve(specifier));
  const { stdout } = await probeOnce(urls);
  const ms = Number(stdout);
  if (!Number.isFinite(ms)) throw new Error(`import probe printed ${JSON.stringify(stdout)}`);
  return ms;
}

/** Returns { "import.token", "import.serverSdk" }: name -> milliseconds of each sample. */
export async function importSuite({ importRuns }) {
  const out = {};
  for (const [key, byContender] of Object.entries(features)) {
    const samplers = Object.fromEntries(
      Object.entries(byContender).map(([name, specifiers]) => [name, () => importMs(specifiers)]),
    );
    out[key] = await compareRounds(samplers, importRuns);
  }
  return out;
}
