import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { binaries, EdgeVM, Miniflare } from "@exlivekit/runtimes";
import { build, type Plugin } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyToken } from "./index.node.ts";
import { scenarioCredentials } from "./test-support/runtime-scenario.ts";

const run = promisify(execFile);
const scenarioPath = new URL("./test-support/runtime-scenario.ts", import.meta.url).pathname;

/**
 * Bundles the scenario with the default entry the way a worker or edge bundler would, or with the `node`
 * entry (node:crypto), which Bun and Deno also select through the `node` condition.
 */
async function bundle(
  format: "esm" | "iife",
  footer: string,
  entry: "web" | "node" = "web",
): Promise<string> {
  const nodeEntry: Plugin = {
    name: "node-entry",
    setup(b) {
      b.onResolve({ filter: /^\.\.\/(index|endpoint)\.ts$/ }, (args) => ({
        path: join(args.resolveDir, args.path.replace(/\.ts$/, ".node.ts")),
      }));
    },
  };
  const result = await build({
    entryPoints: [scenarioPath],
    bundle: true,
    format,
    ...(format === "iife" ? { globalName: "tokenScenario" } : {}),
    ...(entry === "node" ? { platform: "node", plugins: [nodeEntry] } : { platform: "browser" }),
    conditions: entry === "node" ? ["node"] : ["workerd", "worker", "browser"],
    footer: { js: footer },
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles![0]!.text;
}

let dir: string;
let cliScript: string;
let nodeEntryScript: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "exlivekit-token-runtimes-"));
  cliScript = join(dir, "scenario.mjs");
  const print = "console.log(JSON.stringify(await scenario()));";
  await writeFile(cliScript, await bundle("esm", print));
  nodeEntryScript = join(dir, "scenario-node-entry.mjs");
  await writeFile(nodeEntryScript, await bundle("esm", print, "node"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What every runtime must report, and a check that its token verifies here too. */
async function expectScenario(result: Record<string, unknown>): Promise<void> {
  expect(result).toMatchObject({
    identity: "edge-user",
    name: "Edge ✓",
    video: { roomJoin: true, room: "edge-room", canPublish: true },
    ttl: 900,
    rotatedKey: scenarioCredentials.apiKey,
    badSignature: "bad_signature",
    malformed: "malformed",
    missingCredentials: "missing_credentials",
    endpoint: {
      status: 200,
      serverUrl: "wss://edge.example",
      room: "edge-room",
      agent: "edge-agent",
      denied: 403,
      tooLarge: 413,
      badJson: 400,
    },
  });
  const claims = await verifyToken(result["jwt"] as string, scenarioCredentials);
  expect(claims.attributes).toEqual({ runtime: "yes" });
}

async function runCli(command: string, args: string[], script = cliScript): Promise<Record<string, unknown>> {
  const { stdout } = await run(command, [...args, script], {
    timeout: 60_000,
    env: { PATH: process.env["PATH"] ?? "", HOME: dir, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
  });
  return JSON.parse(stdout.trim().split("\n").at(-1)!);
}

describe("the default entry on every runtime", () => {
  it("Node 20 (the `node` on PATH)", async () => {
    expect((await run("node", ["--version"])).stdout).toMatch(/^v20\./);
    await expectScenario(await runCli("node", []));
  });

  it("Node 22", async () => {
    const node22 = binaries.node22;
    expect((await run(node22, ["--version"])).stdout).toMatch(/^v22\./);
    await expectScenario(await runCli(node22, []));
  });

  it("Bun", async () => {
    await expectScenario(await runCli(binaries.bun, ["run"]));
  });

  it("Deno (no permissions)", async () => {
    await expectScenario(await runCli(binaries.deno, ["run", "--no-prompt"]));
  });

  it("Node 22, Bun and Deno with the node entry (node:crypto)", async () => {
    expect(await readFile(nodeEntryScript, "utf8")).toContain("createHmac");
    expect(await readFile(cliScript, "utf8")).not.toContain("node:crypto");
    const node22 = binaries.node22;
    await expectScenario(await runCli(node22, [], nodeEntryScript));
    await expectScenario(await runCli(binaries.bun, ["run"], nodeEntryScript));
    await expectScenario(await runCli(binaries.deno, ["run", "--no-prompt"], nodeEntryScript));
  });

  it("Vercel Edge runtime (@edge-runtime/vm)", async () => {
    const vm = new EdgeVM();
    vm.evaluate(await bundle("iife", ""));
    const json = await vm.evaluate<Promise<string>>(
      "tokenScenario.scenario().then((result) => JSON.stringify(result))",
    );
    await expectScenario(JSON.parse(json));
  });

  it("Cloudflare workerd (miniflare)", async () => {
    const worker = await bundle(
      "esm",
      "export default { async fetch() { return Response.json(await scenario()); } };",
    );
    const mf = new Miniflare({ modules: true, script: worker, compatibilityDate: "2025-01-01" });
    try {
      const response = await mf.dispatchFetch("http://localhost/");
      expect(response.status).toBe(200);
      await expectScenario((await response.json()) as Record<string, unknown>);
    } finally {
      await mf.dispose();
    }
  });
});
