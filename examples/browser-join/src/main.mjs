// @ts-check
// `pnpm demo browser`: serves the page against LIVEKIT_URL / LIVEKIT_API_KEY / LIVEKIT_API_SECRET when all
// three are set, otherwise against a local livekit-server + Redis started here; Ctrl-C stops everything.
import { pathToFileURL } from "node:url";
import { pinnedServerVersion, startStack } from "@exlivekit/livekit-stack";
import { startBrowserJoin } from "./app.mjs";

/**
 * Runs until SIGINT/SIGTERM and returns the exit code.
 * @param {{ print?: (line: string) => void }} [options]
 * @returns {Promise<number>}
 */
export async function runBrowserJoin({ print = (line) => console.log(line) } = {}) {
  const url = process.env["LIVEKIT_URL"];
  const apiKey = process.env["LIVEKIT_API_KEY"];
  const apiSecret = process.env["LIVEKIT_API_SECRET"];
  /** @type {Array<() => Promise<void>>} */
  const cleanup = [];
  try {
    let server;
    if (url && apiKey && apiSecret) {
      print(`Using the LiveKit server at ${url} (LIVEKIT_URL)`);
      server = { wsUrl: url, apiKey, apiSecret };
    } else {
      print(`No LIVEKIT_URL set: starting a local livekit-server ${pinnedServerVersion()} with Redis`);
      const stack = await startStack({ redis: true });
      cleanup.push(stack.stop);
      server = stack;
    }
    const app = await startBrowserJoin({
      serverUrl: server.wsUrl,
      apiKey: server.apiKey,
      apiSecret: server.apiSecret,
      port: Number(process.env["PORT"] ?? 0),
    });
    cleanup.push(app.stop);
    print(`Open ${app.url} in a browser on this machine and press "Join with camera". Ctrl-C stops.`);
    await new Promise((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    return 0;
  } catch (error) {
    print(`Failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    for (const stop of cleanup.reverse()) await stop().catch(() => undefined);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exit(await runBrowserJoin());
}
