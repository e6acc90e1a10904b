// A Node process that made calls must exit promptly after client.close(): no pooled socket or timer
// may keep the event loop alive. Runs the real package code (bundled from src) in a child process.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type FaultServer, startFaultServer } from "../../server-sdk/test/fault-server.ts";
import { bundleEntry } from "./child-bundle.ts";

let server: FaultServer;
let dir: string;

beforeAll(async () => {
  server = await startFaultServer();
  dir = await mkdtemp(join(tmpdir(), "exlivekit-exit-"));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

it("the process exits promptly after close()", async () => {
  const sdk = fileURLToPath(new URL("../../server-sdk/src/index.ts", import.meta.url));
  const transport = fileURLToPath(new URL("../src/index.ts", import.meta.url));
  const out = await bundleEntry(
    dir,
    `import { Client, RoomService } from ${JSON.stringify(sdk)};
import { undiciTransport } from ${JSON.stringify(transport)};
const client = new Client({ host: process.argv[2], apiKey: "k", apiSecret: "s-s-s-s-s-s-s-s-s-s-s-s-s-s-s-s-s", transport: undiciTransport({ keepAliveTimeout: 60_000 }) });
const rooms = await Promise.all(Array.from({ length: 10 }, () => RoomService.listRooms(client)));
await client.close();
console.log("calls done", rooms.length, performance.now());
`,
    {
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
    },
  );
  const child = spawn(process.execPath, [out, server.host("ok")], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c));
  child.stderr.on("data", (c: Buffer) => (stderr += c));
  const started = performance.now();
  const code = await new Promise<number | null>((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 40_000);
    child.on("exit", (c) => {
      clearTimeout(kill);
      resolve(c);
    });
  });
  expect(stderr).toBe("");
  expect(code).toBe(0);
  expect(stdout).toMatch(/^calls done 10 /);
  const doneAt = Number(stdout.trim().split(" ").pop());
  // Exit right after close(): a leftover deadline timer (30 s) or a ref'd pooled socket (kept alive 60 s
  // above) would hold the loop far longer than the 5 s a loaded machine may take to tear the process down.
  expect(performance.now() - started).toBeLessThan(doneAt + 5_000);
  expect(server.seen("ok")).toHaveLength(10);
});
