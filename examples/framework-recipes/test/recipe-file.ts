import { mkdir, writeFile } from "node:fs/promises";
import { EdgeVM } from "@exlivekit/runtimes";
import { build, transform } from "esbuild";
import { expect } from "vitest";
import type { Send } from "./send.ts";

/**
 * Where a test file writes its recipes: under this package (not a temp dir) so that `@exlivekit/*`,
 * express, fastify and hono resolve from its node_modules, as in a user's project; one folder per file,
 * which removes it when done.
 */
export const recipesDir = (readme: "token" | "webhook") =>
  new URL(`../.cache/${readme}-recipes/`, import.meta.url);

/**
 * Writes a README recipe as `name.extension` (`mjs`: esbuild strips its types, nothing else), after
 * `prelude` lines, with a free `port` in place of its 3000 for one that listens. Returns its path.
 */
export async function recipeFile(
  readme: "token" | "webhook",
  name: string,
  code: string,
  extension: "ts" | "mjs",
  { port, prelude = "" }: { port?: number; prelude?: string } = {},
): Promise<string> {
  if (port !== undefined) {
    expect(code, `${name} listens on 3000`).toMatch(/\b3000\b/);
    code = code.replaceAll(/\b3000\b/g, String(port));
  }
  code = prelude + code;
  if (extension === "mjs") code = (await transform(code, { loader: "ts", format: "esm" })).code;
  await mkdir(recipesDir(readme), { recursive: true });
  const file = new URL(`${name.replaceAll(/\W/g, "-").toLowerCase()}.${extension}`, recipesDir(readme));
  await writeFile(file, code);
  return file.pathname;
}

/** Bundles a recipe for workerd, with the `workerd` and `worker` export conditions. */
export async function workerBundle(file: string): Promise<string> {
  const result = await build({
    entryPoints: [file],
    bundle: true,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

/**
 * A Next.js route module bundled into edge-runtime, the VM of Next's Edge runtime, with `process.env`
 * as Next gives it and `console.log` into `log`: sends to its `POST`, with requests made inside the VM
 * (its own Request and streams), as Next's edge sandbox does.
 */
export async function edgeRoute(
  file: string,
  url: string,
  env: Record<string, string>,
  log: (line: string) => void = () => {},
): Promise<Send> {
  const result = await build({
    entryPoints: [file],
    bundle: true,
    format: "iife",
    globalName: "route",
    platform: "browser",
    conditions: ["edge-light", "worker", "browser"],
    write: false,
    logLevel: "silent",
  });
  const vm = new EdgeVM({
    extend: (context) => {
      const console = { ...context.console, log: (...args: unknown[]) => log(args.join(" ")) };
      return Object.assign(context, { process: { env: { ...env } }, console });
    },
  });
  vm.evaluate(result.outputFiles[0]!.text);
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
  return async ({ method, headers = {}, body, upload }) => {
    const sendInVm =
      vm.evaluate<
        (...args: unknown[]) => Promise<{ status: number; headers: [string, string][]; text: string }>
      >("send");
    const length = upload?.declared === undefined ? {} : { "content-length": String(upload.declared) };
    const answer = await sendInVm(url, method, { ...headers, ...length }, body, upload?.sent);
    return new Response(answer.text, { status: answer.status, headers: answer.headers });
  };
}
