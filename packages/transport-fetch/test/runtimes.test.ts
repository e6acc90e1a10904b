// fetchTransport + Client on other runtimes: the same bundle (web-standard APIs only) runs on Bun and
// Deno against a local server, and gets both a decoded result and typed errors.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FaultServer, startFaultServer } from "../../server-sdk/test/fault-server.ts";

const bin = (name: string) => fileURLToPath(new URL(`../../../node_modules/.bin/${name}`, import.meta.url));
let server: FaultServer;
let dir: string;
let bundle: string;

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
const base = globalThis.Deno ? Deno.args[0] : process.argv[2];
const client = (s, extra = {}) => new Client({ host: base + "/" + s, apiKey: "k", apiSecret: "secret-secret-secret-secret-secret", transport: fetchTransport(), retry: false, ...extra });
const out = {};
const rooms = await RoomService.listRooms(client("ok"));
out.rooms = rooms.map((r) => [r.name, String(r.creationTime)]);
out.notFound = await RoomService.getParticipant(client("404"), "r", "p").catch((e) => [e.name, e.code, e.status]);
out.timeout = await RoomService.listRooms(client("stall"), {}, { timeoutMs: 200 }).catch((e) => [e.name, e.code]);
out.plain401 = await RoomService.listRooms(client("401-text")).catch((e) => [e.code, e.status, e.message.includes("eyJ")]);
console.log(JSON.stringify(out));
`,
  );
  bundle = join(dir, "bundle.mjs");
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: "neutral",
    format: "esm",
    mainFields: ["module", "main"],
    conditions: ["import", "default"],
    outfile: bundle,
    logLevel: "silent",
    nodePaths: [
      fileURLToPath(new URL("../node_modules", import.meta.url)),
      fileURLToPath(new URL("../../server-sdk/node_modules", import.meta.url)),
      fileURLToPath(new URL("../../../node_modules", import.meta.url)),
    ],
  });
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
    const r = await run(bin("bun"), ["run", bundle, server.url]);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual(expected);
  });

  it("Deno", async () => {
    const r = await run(bin("deno"), ["run", "--allow-net=127.0.0.1", "--no-prompt", bundle, server.url]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(expected);
  });
});
