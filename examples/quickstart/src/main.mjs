// @ts-check
// `pnpm demo`: runs the quickstart story against LIVEKIT_URL / LIVEKIT_API_KEY / LIVEKIT_API_SECRET when
// all three are set, otherwise against a local livekit-server + Redis started (and stopped) here.
// Exit code 0 only when every step passed; nothing is left running either way.
import { pathToFileURL } from "node:url";
import { ensureBinaries, pinnedServerVersion, startStack } from "@exlivekit/livekit-stack";
import { Client } from "@exlivekit/server-sdk";
import { undiciTransport } from "@exlivekit/transport-undici";
import { createStepRunner, describe } from "./step-runner.mjs";
import { runStory } from "./story.mjs";
import { startWebhookEndpoint } from "./webhook-endpoint.mjs";

/** @typedef {Awaited<ReturnType<typeof startWebhookEndpoint>>} WebhookEndpoint */

/** The server to talk to: the user's (from the environment) or none yet (start the local stack). */
function serverFromEnv() {
  const url = process.env["LIVEKIT_URL"];
  const apiKey = process.env["LIVEKIT_API_KEY"];
  const apiSecret = process.env["LIVEKIT_API_SECRET"];
  if (url && apiKey && apiSecret) return { url, apiKey, apiSecret };
  return undefined;
}

/** `ws(s)://` for the participant, whatever scheme the user gave. */
function toWsUrl(/** @type {string} */ url) {
  return url.replace(/^http(s?):\/\//, "ws$1://");
}

/**
 * Runs the demo and returns the process exit code.
 * @param {{ print?: (line: string) => void }} [options]
 * @returns {Promise<number>}
 */
export async function runDemo({ print = (line) => console.log(line) } = {}) {
  const steps = createStepRunner(print);
  /** @type {Array<() => Promise<unknown>>} */
  const cleanup = [];
  try {
    const external = serverFromEnv();
    /** @type {{ url: string, wsUrl: string, apiKey: string, apiSecret: string }} */
    let server;
    /** @type {WebhookEndpoint | undefined} */
    let webhooks;
    if (external !== undefined) {
      print(`Using the LiveKit server at ${external.url} (LIVEKIT_URL)`);
      server = { ...external, wsUrl: toWsUrl(external.url) };
      // An external server posts webhooks where its own config says; listen only when told the port.
      const port = process.env["DEMO_WEBHOOK_PORT"];
      if (port) {
        webhooks = await startWebhookEndpoint({ port: Number(port) });
        webhooks.trust({
          apiKey: process.env["LIVEKIT_WEBHOOK_API_KEY"] || external.apiKey,
          apiSecret: process.env["LIVEKIT_WEBHOOK_API_SECRET"] || external.apiSecret,
        });
        cleanup.push(webhooks.stop);
        print(`Webhook endpoint: ${webhooks.url} (add it to the server's webhook.urls)`);
      }
    } else {
      print(`No LIVEKIT_URL set: starting a local livekit-server ${pinnedServerVersion()} with Redis`);
      // Its own step: the first run compiles the server from source for minutes, and says so as it goes.
      await steps.step("build livekit-server (first run only)", async () => {
        const binaries = await ensureBinaries({ log: (line) => print(`    ${line}`) });
        return binaries.built ? `built into ${binaries.dir}` : `cached in ${binaries.dir}`;
      });
      // The endpoint must listen before the server starts, to be in its webhook.urls; it learns the
      // server's (random, per run) credentials once the stack is up.
      const endpoint = await startWebhookEndpoint();
      cleanup.push(endpoint.stop);
      const stack = await steps.step("start livekit-server + Redis", async () => {
        const value = await startStack({ redis: true, webhookUrls: [endpoint.url] });
        return { summary: `${value.url} (webhooks -> ${endpoint.url})`, value };
      });
      if (stack === undefined) throw new Error("no stack");
      cleanup.push(stack.stop);
      endpoint.trust(stack);
      server = stack;
      webhooks = endpoint;
    }

    const client = new Client({
      host: server.url,
      apiKey: server.apiKey,
      apiSecret: server.apiSecret,
      transport: undiciTransport(),
    });
    cleanup.push(() => client.close());

    const room = `quickstart-${Date.now().toString(36)}`;
    await runStory({ ...server, client, webhooks, steps, room });
    const ran = steps.count - steps.skipped;
    const skipped = steps.skipped > 0 ? ` (${steps.skipped} skipped)` : "";
    print(`All ${ran} steps passed${skipped} in ${steps.elapsedMs()} ms.`);
    return 0;
  } catch (error) {
    print(`Demo failed: ${describe(error)}`);
    return 1;
  } finally {
    for (const stop of cleanup.reverse()) await stop().catch(() => undefined);
  }
}

// Run directly (`node src/main.mjs`): exit explicitly, since the WebRTC binding may hold the loop open.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.env["NODE_ENV"] ??= "production"; // else @livekit/rtc-node logs at debug level
  process.exit(await runDemo());
}
