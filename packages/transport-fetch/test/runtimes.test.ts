// fetchTransport + Client on other runtimes: the same code (web-standard APIs only) runs on Bun, Deno,
// the Vercel Edge runtime and Cloudflare workerd against a local server, with decoded results and typed errors.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { binaries, EdgeVM, Miniflare } from "@exlivekit/runtimes";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FaultServer, startFaultServer } from "../../server-sdk/test/fault-server.ts";

let server: FaultServer;
let dir: string;
let bundle: string;
let iife: string;
let worker: string;

beforeAll(async () => {
  server = await startFaultServer();
  dir = await mkdtemp(join(tmpdir(), "exlivekit-fetch-rt-"));
  const entry = join(dir, "entry.ts");
  const sdk = fileURLToPath(new URL("../../server-sdk/src/index.ts", import.meta.url));
  const transport = fileURLToPath(new URL("../src/index.ts", import.meta.url));
  await writeFile(
    entry,
    `import { Client, RoomService } from ${JSON.stringify(sdk)};
import { fetchTransport } from ${JSON.stringify(transport)};
export async function scenario(base) {
  const client = (s) => new Client({ host: base + "/" + s, apiKey: "k", apiSecret: "secret-secret-secret-secret-secret", transport: fetchTransport(), retry: false });
  const out = {};
  const rooms = await RoomService.listRooms(client("ok"));
  out.rooms = rooms.map((r) => [r.name, String(r.creationTime)]);
  out.notFound = await RoomService.getParticipant(client("404"), "r", "p").catch((e) => [e.name, e.code, e.status]);
  out.timeout = await RoomService.listRooms(client("stall"), {}, { timeoutMs: 200 }).catch((e) => [e.name, e.code]);
  out.plain401 = await RoomService.listRooms(client("401-text")).catch((e) => [e.code, e.status, e.message.includes("eyJ")]);
  return out;
}
`,
  );
  const cli = join(dir, "cli.ts");
  await writeFile(
    cli,
    `import { scenario } from ${JSON.stringify(entry)};
const base = globalThis.Deno ? Deno.args[0] : process.argv[2];
console.log(JSON.stringify(await scenario(base)));
`,
  );
  const options = {
    bundle: true,
    platform: "neutral",
    mainFields: ["module", "main"],
    conditions: ["import", "default"],
    logLevel: "silent",
    nodePaths: [
      fileURLToPath(new URL("../node_modules", import.meta.url)),
      fileURLToPath(new URL("../../server-sdk/node_modules", import.meta.url)),
      fileURLToPath(new URL("../../../node_modules", import.meta.url)),
    ],
  } as const;
  bundle = join(dir, "bundle.mjs");
  await build({ ...options, entryPoints: [cli], format: "esm", outfile: bundle });
  iife = join(dir, "scenario.iife.js");
  await build({
    ...options,
    entryPoints: [entry],
    format: "iife",
    globalName: "fetchScenario",
    outfile: iife,
  });
  worker = join(dir, "worker.mjs");
  const workerEntry = join(dir, "worker.ts");
  await writeFile(
    workerEntry,
    `import { scenario } from ${JSON.stringify(entry)};
export default { async fetch(request) { return Response.json(await scenario(new URL(request.url).searchParams.get("base"))); } };
`,
  );
  await build({ ...options, entryPoints: [workerEntry], format: "esm", outfile: worker });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function run(cmd: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NO_COLOR: "1" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c));
    child.stderr.on("data", (c: Buffer) => (stderr += c));
    const kill = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.on("exit", (code) => {
      clearTimeout(kill);
      resolve({ code, stdout, stderr });
    });
  });
}

const expected = {
  rooms: [["r1", "1700000000"]],
  notFound: ["TwirpError", "not_found", 404],
  timeout: ["TransportError", "timeout"],
  plain401: ["unauthenticated", 401, false],
};

describe("fetchTransport on other runtimes", () => {
  it("Bun", async () => {
    const r = await run(binaries.bun, ["run", bundle, server.url]);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual(expected);
  });

  it("Deno", async () => {
    const r = await run(binaries.deno, ["run", "--allow-net=127.0.0.1", "--no-prompt", bundle, server.url]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(expected);
  });

  it("Vercel Edge runtime (@edge-runtime/vm)", async () => {
    const vm = new EdgeVM();
    vm.evaluate(await readFile(iife, "utf8"));
    const json = await vm.evaluate<Promise<string>>(
      `fetchScenario.scenario(${JSON.stringify(server.url)}).then((r) => JSON.stringify(r))`,
    );
    expect(JSON.parse(json)).toEqual(expected);
  });

  it("Cloudflare workerd (miniflare)", async () => {
    const mf = new Miniflare({
      modules: true,
      script: await readFile(worker, "utf8"),
      compatibilityDate: "2025-01-01",
    });
    try {
      const response = await mf.dispatchFetch(`http://localhost/?base=${encodeURIComponent(server.url)}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual(expected);
    } finally {
      await mf.dispose();
    }
  });
});
