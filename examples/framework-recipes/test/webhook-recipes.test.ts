import { rm } from "node:fs/promises";
import { binaries, Miniflare } from "@exlivekit/runtimes";
import { afterAll, describe, expect, it, vi } from "vitest";
import { readmeRecipes, WEBHOOK_README } from "./readme-recipes.ts";
import { edgeRoute, recipeFile, recipesDir, workerBundle } from "./recipe-file.ts";
import { overHttp, type Send, toHandler, webRequest } from "./send.ts";
import { freePort, type Served, serve } from "./serve.ts";
import { expectWebhookEndpoint, webhookEnv } from "./webhook-checks.ts";

const recipes = readmeRecipes(WEBHOOK_README);
type Framework = keyof typeof recipes;

/** A recipe as the README shows it, with a free port in place of 3000 for one that listens. */
function webhookRecipe(framework: Framework, extension: "ts" | "mjs", port?: number): Promise<string> {
  return recipeFile("webhook", framework, recipes[framework], extension, port === undefined ? {} : { port });
}

afterAll(async () => {
  await rm(recipesDir("webhook"), { recursive: true, force: true });
});

/** A recipe running as its own process, as a user starts it, on a free port; stopped after `check`. */
async function served(
  start: (port: number) => Promise<Served>,
  check: (base: string, output: () => string) => Promise<void>,
): Promise<void> {
  const running = await start(await freePort());
  try {
    await check(running.base, running.output);
  } finally {
    await running.stop();
  }
}

/** Node runs a recipe as its own process. */
function onNode(framework: Framework, check: (base: string, output: () => string) => Promise<void>) {
  return served(
    async (port) => serve(process.execPath, [await webhookRecipe(framework, "mjs", port)], port, webhookEnv),
    check,
  );
}

/** What Bun and Deno run with: the credentials, and a HOME of their own. */
const runtimeEnv = {
  ...webhookEnv,
  HOME: recipesDir("webhook").pathname,
  DENO_NO_UPDATE_CHECK: "1",
  NO_COLOR: "1",
};

/** The Hono recipe's handler got the decoded track_published (it logs who published). */
const honoPublished = (base: string, output: () => string) =>
  expectWebhookEndpoint(overHttp(`${base}/livekit/webhook`), {
    event: "track_published",
    logs: { line: "ada published a track", output },
  });

/** workerd (miniflare) runs a recipe's bundle with the credentials as bindings; what it logs goes to `output`. */
async function inWorkerd(framework: Framework, check: (send: Send, output: () => string) => Promise<void>) {
  let output = "";
  const mf = new Miniflare({
    modules: true,
    script: await workerBundle(await webhookRecipe(framework, "ts")),
    compatibilityDate: "2025-01-01",
    bindings: webhookEnv,
    handleRuntimeStdio: (stdout, stderr) => {
      stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
      });
      stderr.on("data", (chunk: Buffer) => {
        output += chunk.toString();
      });
    },
  });
  try {
    const url = "http://127.0.0.1/livekit/webhook";
    await check(
      (ask) => mf.dispatchFetch(url, webRequest(ask) as never) as never,
      () => output,
    );
  } finally {
    await mf.dispose();
  }
}

describe("every recipe of the webhook README, run for real with signed, forged and oversize deliveries", () => {
  it("Express 5 on Node 20: receiveNodeRequest, and receive() behind express.raw (its 100 KB limit)", async () => {
    await onNode("Express", async (base, output) => {
      const logs = { line: "ada joined standup", output };
      await expectWebhookEndpoint(overHttp(`${base}/livekit/webhook`), { event: "participant_joined", logs });
      await expectWebhookEndpoint(overHttp(`${base}/livekit/webhook-raw`), {
        event: "room_finished",
        logs: { line: "room_finished EV_finished", output },
        parser: { cap: 100 * 1024, drains: true }, // express.raw's default limit
      });
    });
  });

  it("Fastify 5 on Node 20 (its bodyLimit, 1 MiB, caps the body)", async () => {
    await onNode("Fastify", async (base, output) => {
      await expectWebhookEndpoint(overHttp(`${base}/livekit/webhook`), {
        event: "room_finished",
        logs: { line: "room standup finished", output },
        parser: { cap: 1024 * 1024 }, // Fastify's default bodyLimit
      });
    });
  });

  it("node:http on Node 20", async () => {
    await onNode("node:http", async (base, output) => {
      await expectWebhookEndpoint(overHttp(base), {
        event: "room_started",
        logs: { line: "room_started at 1764079200", output },
      });
    });
  });

  it("Hono on Bun (its default export served by Bun on PORT)", async () => {
    await served(
      async (port) =>
        serve(binaries.bun, ["run", await webhookRecipe("Hono", "ts")], port, {
          ...runtimeEnv,
          PORT: String(port),
        }),
      honoPublished,
    );
  });

  it("Hono on Deno (`deno serve` of its default export, --allow-env --allow-net)", async () => {
    await served(async (port) => {
      const args = ["serve", "--no-prompt", "--allow-env", "--allow-net", "--port", String(port)];
      return serve(binaries.deno, [...args, await webhookRecipe("Hono", "ts")], port, runtimeEnv);
    }, honoPublished);
  });

  it("Hono in Cloudflare's workerd (miniflare), the credentials as bindings", async () => {
    await inWorkerd("Hono", (send, output) =>
      expectWebhookEndpoint(send, {
        event: "track_published",
        logs: { line: "ada published a track", output },
      }),
    );
  });

  it("the Workers recipe in Cloudflare's workerd (miniflare), the credentials as bindings", async () => {
    await inWorkerd("Cloudflare Workers", async (send) => {
      await expectWebhookEndpoint(send, {
        event: "room_started",
        answers: { received: "room_started", id: "EV_started" },
      });
      const get = await send({ method: "GET" });
      expect(get.status).toBe(405);
    });
  });

  it("the Next.js route module on Node: its POST export is the handler Next calls with the Request", async () => {
    for (const [name, value] of Object.entries(webhookEnv)) vi.stubEnv(name, value);
    const logged: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((...args) => void logged.push(args.join(" ")));
    try {
      const route = (await import(await webhookRecipe("Next.js", "mjs"))) as {
        POST: (request: Request) => Promise<Response>;
      };
      await expectWebhookEndpoint(toHandler(route.POST, "http://127.0.0.1/api/livekit/webhook"), {
        event: "room_started",
        logs: { line: "room standup started", output: () => logged.join("\n") },
      });
    } finally {
      log.mockRestore();
      vi.unstubAllEnvs();
    }
  });

  it("the Next.js route module in edge-runtime, the VM of Next's Edge runtime (process.env as Next gives it)", async () => {
    const logged: string[] = [];
    const send = await edgeRoute(
      await webhookRecipe("Next.js", "ts"),
      "http://127.0.0.1/api/livekit/webhook",
      webhookEnv,
      (line) => logged.push(line),
    );
    await expectWebhookEndpoint(send, {
      event: "room_started",
      logs: { line: "room standup started", output: () => logged.join("\n") },
    });
  });
});
