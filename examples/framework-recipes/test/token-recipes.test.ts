import { rm } from "node:fs/promises";
import { binaries, Miniflare } from "@exlivekit/runtimes";
import { afterAll, describe, expect, it, vi } from "vitest";
import { readmeRecipes, TOKEN_README } from "./readme-recipes.ts";
import { edgeRoute, recipeFile, recipesDir, workerBundle } from "./recipe-file.ts";
import { overHttp, type Send, toHandler, webRequest } from "./send.ts";
import { freePort, type Served, serve } from "./serve.ts";
import { expectEndpoint, expectLivekitClient, livekitEnv, PATH } from "./token-checks.ts";

const recipes = readmeRecipes(TOKEN_README);
type Framework = keyof typeof recipes;

/**
 * A recipe as the README shows it, with the test's `authorize` in scope (the README's recipes use the one
 * of its first example) and, for one that listens, a free port in place of 3000.
 */
function tokenRecipe(framework: Framework, extension: "ts" | "mjs", port?: number): Promise<string> {
  return recipeFile("token", framework, recipes[framework], extension, {
    ...(port === undefined ? {} : { port }),
    prelude: 'import { authorize } from "../../test/token-policy.mjs";\n',
  });
}

const runtimeEnv = {
  ...livekitEnv,
  HOME: new URL(".", recipesDir("token")).pathname,
  DENO_NO_UPDATE_CHECK: "1",
  NO_COLOR: "1",
};

/** Starts a recipe as a process, checks it with the endpoint's cases and LiveKit's client, stops it. */
async function expectServed(start: (port: number) => Promise<Served>): Promise<void> {
  const served = await start(await freePort());
  try {
    await expectEndpoint(overHttp(served.base + PATH));
    await expectLivekitClient(served.base);
    // onError's default (console.error) reported the throwing policy on the server, not to the client.
    expect(served.output()).toContain("hunter2");
  } finally {
    await served.stop();
  }
}

afterAll(async () => {
  await rm(recipesDir("token"), { recursive: true, force: true });
});

describe("every recipe of the token README, run for real", () => {
  it("Express 5 on Node 20", async () => {
    await expectServed(async (port) =>
      serve(process.execPath, [await tokenRecipe("Express", "mjs", port)], port, livekitEnv),
    );
  });

  it("Fastify 5 on Node 20", async () => {
    await expectServed(async (port) =>
      serve(process.execPath, [await tokenRecipe("Fastify", "mjs", port)], port, livekitEnv),
    );
  });

  it("node:http on Node 20", async () => {
    await expectServed(async (port) =>
      serve(process.execPath, [await tokenRecipe("node:http", "mjs", port)], port, livekitEnv),
    );
  });

  it("Bun (Bun.serve)", async () => {
    await expectServed(async (port) =>
      serve(binaries.bun, ["run", await tokenRecipe("Bun", "ts", port)], port, runtimeEnv),
    );
  });

  it("Deno (Deno.serve, --allow-env --allow-net)", async () => {
    await expectServed(async (port) =>
      serve(
        binaries.deno,
        ["run", "--no-prompt", "--allow-env", "--allow-net", await tokenRecipe("Deno", "ts", port)],
        port,
        runtimeEnv,
      ),
    );
  });

  it("Hono on Bun (its default export served by Bun on PORT)", async () => {
    await expectServed(async (port) =>
      serve(binaries.bun, ["run", await tokenRecipe("Hono", "ts")], port, {
        ...runtimeEnv,
        PORT: String(port),
      }),
    );
  });

  it("Hono and the Workers recipe in Cloudflare's workerd (miniflare)", async () => {
    for (const framework of ["Hono", "Cloudflare Workers"] as const) {
      const mf = new Miniflare({
        modules: true,
        script: await workerBundle(await tokenRecipe(framework, "ts")),
        compatibilityDate: "2025-01-01",
        // The Workers recipe reads these bindings from `env`; Hono's endpoint reads them from the
        // environment, which workerd gives only through bindings and `nodejs_compat`'s process.env.
        bindings: livekitEnv,
        compatibilityFlags: ["nodejs_compat", "nodejs_compat_populate_process_env"],
      });
      try {
        const url = `http://127.0.0.1${PATH}`;
        const send: Send = (ask) => mf.dispatchFetch(url, webRequest(ask) as never) as never;
        await expectEndpoint(send, { allow: framework === "Hono" ? "POST" : "POST, OPTIONS" });
        if (framework === "Cloudflare Workers") {
          // Its `cors: { origin: "https://app.example" }`: a preflight from there, and from elsewhere.
          const preflight = (origin: string) =>
            send({ method: "OPTIONS", headers: { origin, "access-control-request-method": "POST" } });
          const allowed = await preflight("https://app.example");
          expect(allowed.status).toBe(204);
          expect(allowed.headers.get("access-control-allow-origin")).toBe("https://app.example");
          expect(allowed.headers.get("access-control-allow-methods")).toBe("POST");
          const other = await preflight("https://evil.example");
          expect([other.status, other.headers.get("access-control-allow-origin")]).toEqual([403, null]);
        }
      } finally {
        await mf.dispose();
      }
    }
  });

  it("the Next.js route module on Node: its POST export is the handler Next calls with the Request", async () => {
    for (const [name, value] of Object.entries(livekitEnv)) vi.stubEnv(name, value);
    try {
      const route = (await import(await tokenRecipe("Next.js", "mjs"))) as {
        POST: (request: Request) => Promise<Response>;
      };
      await expectEndpoint(toHandler(route.POST, `http://127.0.0.1${PATH}`));
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("the Next.js route module in edge-runtime, the VM of Next's Edge runtime (process.env as Next gives it)", async () => {
    const send = await edgeRoute(await tokenRecipe("Next.js", "ts"), `http://127.0.0.1${PATH}`, livekitEnv);
    await expectEndpoint(send);
  });
});
