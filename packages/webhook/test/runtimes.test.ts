import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { binaries, EdgeVM, Miniflare } from "@exlivekit/runtimes";
import { build, type PluginBuild } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RuntimeInput } from "./runtime/run-receive.ts";
import { apiKey, apiSecret, roomStartedBody, signDelivery } from "./sign.ts";

const run = promisify(execFile);

const input: RuntimeInput = {
  apiKey,
  apiSecret,
  body: roomStartedBody,
  authorization: signDelivery(roomStartedBody),
  wrongSecretAuthorization: signDelivery(roomStartedBody, { secret: "forger-secret-0123456789-0123456789" }),
};

const expected = {
  event: "room_started",
  room: "standup",
  createdAt: "1764079200",
  fromBytes: "EV_3yQpX9aBcDeF",
  fromRequest: "RM_q4kDr6hXwGjK",
  forgedSignature: "bad_signature",
  tamperedBody: "body_hash_mismatch",
  missingHeader: "missing_authorization",
};

let dir: string;
let esm: string;
let iife: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "exlivekit-webhook-runtimes-"));
  // platform "neutral": no `node` condition, so this is exactly what edge bundlers resolve.
  const common = {
    entryPoints: [join(import.meta.dirname, "runtime/run-receive.ts")],
    bundle: true,
    platform: "neutral" as const,
    mainFields: ["module", "main"],
    target: "es2022",
    write: false,
    logLevel: "silent" as const,
  };
  // What Node resolves through the `node` export condition: node:crypto for the hash (as tsup.config.ts does).
  const nodeCondition = {
    ...common,
    platform: "node" as const,
    format: "esm" as const,
    plugins: [
      {
        name: "node-body-hash",
        setup(b: PluginBuild) {
          b.onResolve({ filter: /\/body-hash\.ts$/ }, () => ({
            path: join(import.meta.dirname, "../src/body-hash.node.ts"),
          }));
        },
      },
    ],
  };
  const [esmBuild, iifeBuild, nodeBuild] = await Promise.all([
    build({ ...common, format: "esm" }),
    build({ ...common, format: "iife", globalName: "webhookRuntime" }),
    build(nodeCondition),
  ]);
  const nodeBundle = nodeBuild.outputFiles![0]!.text;
  expect(nodeBundle).toContain("createHash");
  await writeFile(join(dir, "bundle.node.mjs"), nodeBundle);
  await writeFile(
    join(dir, "main.node.mjs"),
    `import { runReceive } from "./bundle.node.mjs";\nconsole.log(JSON.stringify(await runReceive(${JSON.stringify(input)})));\n`,
  );
  esm = esmBuild.outputFiles![0]!.text;
  iife = iifeBuild.outputFiles![0]!.text;
  expect(esm).not.toMatch(/from\s*["']node:/);
  expect(esm).not.toContain("createHash");
  await writeFile(join(dir, "bundle.mjs"), esm);
  await writeFile(
    join(dir, "main.mjs"),
    `import { runReceive } from "./bundle.mjs";\nconsole.log(JSON.stringify(await runReceive(${JSON.stringify(input)})));\n`,
  );
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function runCli(command: string, args: string[]) {
  const { stdout } = await run(command, args, {
    cwd: dir,
    timeout: 60_000,
    env: { PATH: process.env["PATH"] ?? "", HOME: dir, DENO_DIR: join(dir, ".deno"), NO_COLOR: "1" },
  });
  return JSON.parse(stdout.trim().split("\n").pop() ?? "");
}

describe("the default entry, bundled with esbuild, on every runtime", () => {
  it("Node 20 (this process)", async () => {
    expect(await runCli(process.execPath, ["main.mjs"])).toEqual(expected);
  });

  it("Node 22", async () => {
    const { stdout } = await run(binaries.node22, ["--version"]);
    expect(stdout).toMatch(/^v22\./);
    expect(await runCli(binaries.node22, ["main.mjs"])).toEqual(expected);
  });

  it("the node-condition build (node:crypto) on Node 20 and 22, and on Bun and Deno, which also match `node`", async () => {
    expect(await runCli(process.execPath, ["main.node.mjs"])).toEqual(expected);
    expect(await runCli(binaries.node22, ["main.node.mjs"])).toEqual(expected);
    expect(await runCli(binaries.bun, ["main.node.mjs"])).toEqual(expected);
    expect(await runCli(binaries.deno, ["run", "--no-prompt", "main.node.mjs"])).toEqual(expected);
  });

  it("Bun", async () => {
    expect(await runCli(binaries.bun, ["main.mjs"])).toEqual(expected);
  });

  it("Deno", async () => {
    expect(await runCli(binaries.deno, ["run", "--no-prompt", "main.mjs"])).toEqual(expected);
  });

  it("edge-runtime (Vercel Edge)", async () => {
    const vm = new EdgeVM();
    vm.evaluate(iife);
    vm.evaluate(`globalThis.__input = ${JSON.stringify(input)}`);
    const result = await vm.evaluate<Promise<unknown>>("webhookRuntime.runReceive(globalThis.__input)");
    // Results built inside the VM carry its own Object prototype: compare as JSON.
    expect(JSON.parse(JSON.stringify(result))).toEqual(expected);
  });

  it("workerd (Cloudflare Workers, via miniflare)", async () => {
    const worker = `${esm}\nexport default { async fetch() { return Response.json(await runReceive(${JSON.stringify(input)})); } };\n`;
    const mf = new Miniflare({ modules: true, script: worker, compatibilityDate: "2025-01-01" });
    try {
      const response = await mf.dispatchFetch("http://127.0.0.1/");
      expect(await response.json()).toEqual(expected);
    } finally {
      await mf.dispose();
    }
  }, 60_000);
});
