// undici is loaded by the first request that needs a pool, not at import: a program that imports the
// transport (a CLI's start, a serverless cold start) pays nothing for it until it calls. Checked in a child
// process running the package code (bundled from src, undici left to Node), where Node's module cache
// shows what was loaded.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it, vi } from "vitest";
import { bundleEntry } from "./child-bundle.ts";

const run = promisify(execFile);
// Nothing listens on port 9 (discard) here: a request is refused at once, after the pool was made.
const NOWHERE = "http://127.0.0.1:9";

it("importing and creating the transport loads no undici module; the first request loads Pool", async () => {
  const dir = await mkdtemp(join(tmpdir(), "exlivekit-lazy-"));
  const transport = fileURLToPath(new URL("../src/index.ts", import.meta.url));
  // The pool module stays outside the bundle, at its real path, so Node loads it (and caches it) itself.
  const poolPath = createRequire(import.meta.url).resolve("undici/lib/dispatcher/pool.js");
  const out = await bundleEntry(
    dir,
    `import { createRequire } from "node:module";
const cache = createRequire(import.meta.url).cache;
const undici = () => Object.keys(cache).filter((path) => path.includes("/undici/")).length;
const { undiciTransport } = await import(${JSON.stringify(transport)});
const transport = undiciTransport();
const beforeRequest = undici();
const code = await transport.request({ url: process.argv[2] + "/twirp/x", method: "POST", headers: {}, body: new Uint8Array(0), timeoutMs: 5000 }).then(() => "answered", (error) => error.code);
console.log(JSON.stringify({ beforeRequest, afterRequest: undici(), code }));
await transport.close();
`,
    {
      plugins: [
        {
          name: "undici-pool-outside",
          setup(b) {
            b.onResolve({ filter: /^undici\// }, () => ({ path: poolPath, external: true }));
          },
        },
      ],
    },
  );
  try {
    const { stdout } = await run(process.execPath, [out, NOWHERE], { timeout: 15_000 });
    const seen = JSON.parse(stdout) as { beforeRequest: number; afterRequest: number; code: string };
    expect(seen.beforeRequest).toBe(0);
    expect(seen.afterRequest).toBeGreaterThan(10);
    expect(seen.code).toBe("connection_refused"); // sent through the loaded Pool
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

it("a Pool that cannot be loaded fails the request with a ConfigError, and the next request tries again", async () => {
  vi.resetModules();
  let attempts = 0;
  vi.doMock("undici/lib/dispatcher/pool.js", () => {
    attempts++;
    throw new Error("Cannot find module 'undici'");
  });
  try {
    const { undiciTransport } = await import("../src/index.ts");
    const transport = undiciTransport();
    const send = () =>
      transport.request({
        url: `${NOWHERE}/twirp/x`,
        method: "POST",
        headers: {},
        body: new Uint8Array(0),
        timeoutMs: 5_000,
      });
    for (let i = 1; i <= 2; i++) {
      const error = await send().then(
        () => undefined,
        (e: unknown) => e as { name: string; code: string; message: string; cause: unknown },
      );
      expect(error?.name).toBe("ConfigError");
      expect(error?.code).toBe("invalid_config");
      expect(error?.message).toContain("cannot load undici's Pool");
      expect(error?.cause).toBeInstanceOf(Error); // the loader's failure, kept
      expect(attempts).toBe(i);
    }
    await transport.close();
  } finally {
    vi.doUnmock("undici/lib/dispatcher/pool.js");
    vi.resetModules();
  }
});
