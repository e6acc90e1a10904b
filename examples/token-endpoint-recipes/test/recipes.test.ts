import { mkdir, rm, writeFile } from "node:fs/promises";
import { binaries, EdgeVM, Miniflare } from "@exlivekit/runtimes";
import { build, transform } from "esbuild";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  expectEndpoint,
  expectLivekitClient,
  livekitEnv,
  overHttp,
  PATH,
  type Send,
  toHandler,
  webRequest,
} from "./checks.ts";
import { type Framework, readmeRecipes } from "./readme-recipes.ts";
import { freePort, type Served, serve } from "./serve.ts";

// The recipes are written under this package (not a temp dir) so that `@exlivekit/token`, express,
// fastify and hono resolve from its node_modules, as in a user's project.
const dir = new URL("../.cache/recipes/", import.meta.url);
const recipes = readmeRecipes();

/**
 * A recipe as the README shows it, with the test's `authorize` in scope (the README's recipes use the one
 * of its first example) and, for one that listens, a free port in place of 3000.
 */
async function recipeFile(framework: Framework, extension: "ts" | "mjs", port?: number): Promise<string> {
  let code = recipes[framework];
  if (port !== undefined) {
    expect(code, `${framework} listens on 3000`).toMatch(/\b3000\b/);
    code = code.replaceAll(/\b3000\b/g, String(port));
  }
  code = `import { authorize } from "../../test/policy.mjs";\n${code}`;
  if (extension === "mjs") code = (await transform(code, { loader: "ts", format: "esm" })).code;
  const file = new URL(`${framework.replaceAll(/\W/g, "-").toLowerCase()}.${extension}`, dir);
  await writeFile(file, code);
  return file.pathname;
}

/** Bundles a recipe for workerd, with the `workerd` and `worker` export conditions. */
async function workerBundle(framework: Framework): Promise<string> {
  const result = await build({
    entryPoints: [await recipeFile(framework, "ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

const runtimeEnv = {
  ...livekitEnv,
  HOME: new URL(".", dir).pathname,
  DENO_NO_UPDATE_CHECK: "1",
  NO_COLOR: "1",
};

/** Starts a recipe as a process, checks it with the endpoint's cases and LiveKit's client, stops it. */
async function expectServed(start: (port: number) => Promise<Served>): Promise<void> {
  const served = await start(await freePort());
  try {
    await expectEndpoint(overHttp(served.base));
    await expectLivekitClient(served.base);
    // onError's default (console.error) reported the throwing policy on the server, not to the client.
    expect(served.output()).toContain("hunter2");
  } finally {
    await served.stop();
  }
}

beforeAll(async () => {
  await mkdir(dir, { recursive: true });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("every recipe of the token README, run for real", () => {
  it("Express 5 on Node 20", async () => {
    await expectServed(async (port) =>
      serve(process.execPath, [await recipeFile("Express", "mjs", port)], port, livekitEnv),
    );
  });

  it("Fastify 5 on Node 20", async () => {
    await expectServed(async (port) =>
      serve(process.execPath, [await recipeFile("Fastify", "mjs", port)], port, livekitEnv),
    );
  });

  it("node:http on Node 20", async () => {
    await expectServed(async (port) =>
      serve(process.execPath, [await recipeFile("node:http", "mjs", port)], port, livekitEnv),
    );
  });

  it("Bun (Bun.serve)", async () => {
    await expectServed(async (port) =>
      serve(binaries.bun, ["run", await recipeFile("Bun", "ts", port)], port, runtimeEnv),
    );
  });

  it("Deno (Deno.serve, --allow-env --allow-net)", async () => {
    await expectServed(async (port) =>
      serve(
        binaries.deno,
        ["run", "--no-prompt", "--allow-env", "--allow-net", await recipeFile("Deno", "ts", port)],
        port,
        runtimeEnv,
      ),
    );
  });

  it("Hono on Bun (its default export served by Bun on PORT)", async () => {
    await expectServed(async (port) =>
      serve(binaries.bun, ["run", await recipeFile("Hono", "ts")], port, {
        ...runtimeEnv,
        PORT: String(port),
      }),
    );
  });

  it("Hono and the Workers recipe in Cloudflare's workerd (miniflare)", async () => {
    for (const framework of ["Hono", "Cloudflare Workers"] as const) {
      const mf = new Miniflare({
        modules: true,
        script: await workerBundle(framework),
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
      const route = (await import(await recipeFile("Next.js", "mjs"))) as {
        POST: (request: Request) => Promise<Response>;
      };
      await expectEndpoint(toHandler(route.POST));
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("the Next.js route module in edge-runtime, the VM of Next's Edge runtime (process.env as Next gives it)", async () => {
    const result = await build({
      entryPoints: [await recipeFile("Next.js", "ts")],
      bundle: true,
      format: "iife",
      globalName: "route",
      platform: "browser",
      conditions: ["edge-light", "worker", "browser"],
      write: false,
      logLevel: "silent",
    });
    const vm = new EdgeVM({
      extend: (context) => Object.assign(context, { process: { env: { ...livekitEnv } } }),
    });
    vm.evaluate(result.outputFiles[0]!.text);
    // Requests are made inside the VM, with its own Request and streams, as Next's edge sandbox does.
    vm.evaluate(`globalThis.send = async (url, method, headers, body, sent) => {
      let left = sent ?? 0;
      const stream = new ReadableStream({
        pull(controller) {
          if (left <= 0) return new Promise(() => {});
          const size = Math.min(1024, left);
          left -= size;
          controller.enqueue(new Uint8Array(size).fill(0x20));
        },
      });
      const init = { method, headers, ...(sent === undefined ? (body === undefined ? {} : { body }) : { body: stream, duplex: "half" }) };
      const response = await route.POST(new Request(url, init));
      return { status: response.status, headers: [...response.headers], text: await response.text() };
    };`);
    const send: Send = async ({ method, headers = {}, body, upload }) => {
      const sendInVm =
        vm.evaluate<
          (...args: unknown[]) => Promise<{ status: number; headers: [string, string][]; text: string }>
        >("send");
      const length = upload?.declared === undefined ? {} : { "content-length": String(upload.declared) };
      const answer = await sendInVm(
        `http://127.0.0.1${PATH}`,
        method,
        { ...headers, ...length },
        body,
        upload?.sent,
      );
      return new Response(answer.text, { status: answer.status, headers: answer.headers });
    };
    await expectEndpoint(send);
  });
});
