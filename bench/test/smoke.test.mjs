// Keeps `pnpm bench` from rotting: a smoke run (tiny windows, real contenders, real livekit-server)
// must produce every promised figure as a finite positive number. Speed is not asserted.
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, expect, test } from "vitest";
import { FIGURES, findProblems } from "../lib/figures.mjs";

const run = promisify(execFile);
const runner = fileURLToPath(new URL("../run.mjs", import.meta.url));
const latestJson = fileURLToPath(new URL("../results/latest.json", import.meta.url));
let out;

afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

async function mtime(path) {
  return (await stat(path).catch(() => null))?.mtimeMs ?? null;
}

test("a smoke run writes every key with finite positive figures, outside bench/results", async () => {
  out = await mkdtemp(join(tmpdir(), "exlivekit-bench-test-"));
  const before = await mtime(latestJson);
  await run(process.execPath, [runner, "--smoke", "--out", out], { timeout: 170_000 });

  const results = JSON.parse(await readFile(join(out, "latest.json"), "utf8"));
  expect(findProblems(results)).toEqual([]);
  expect(Object.keys(results).sort()).toEqual(["date", "machine", ...Object.keys(FIGURES)].sort());
  expect(Number.isNaN(Date.parse(results.date))).toBe(false);
  expect(results.machine).toMatchObject({
    cores: expect.any(Number),
    cpuModel: expect.any(String),
    node: process.version,
  });

  const markdown = await readFile(join(out, "latest.md"), "utf8");
  for (const key of Object.keys(FIGURES)) expect(markdown).toContain(`| ${key} |`);
  expect(markdown).toMatch(/\| token\.mint \| ours \|.*\| \d[\d.,]*x \|/);
  expect(await mtime(latestJson)).toBe(before);
});

test("--only runs just the named suites, prints them, writes nothing, and refuses unknown names", async () => {
  const before = await mtime(latestJson);
  const partials = async () =>
    (await readdir(tmpdir())).filter((name) => name.startsWith("exlivekit-bench-partial-")).sort();
  const partialsBefore = await partials();
  const { stdout, stderr } = await run(process.execPath, [runner, "--smoke", "--only", "webhook"], {
    timeout: 60_000,
  });
  expect(stdout).toContain("| webhook.receive | ours |");
  expect(stdout).toContain("| webhook.receive.cpu | official |");
  expect(stdout).not.toContain("| token.mint |");
  expect(stderr).toContain("bench: nothing written");
  expect(await mtime(latestJson)).toBe(before);
  // Other runs may share the temporary folder: this one must add nothing to it.
  expect(await partials()).toEqual(partialsBefore);
  const refused = await run(process.execPath, [runner, "--only", "tokens"]).catch((error) => error);
  expect(refused.stderr).toContain(
    '--only takes a list of token, webhook, api, cluster, bundle, import; got "tokens"',
  );
});

test("the figure checker rejects missing, unexpected and non-positive figures", () => {
  const good = Object.fromEntries(
    Object.entries(FIGURES).map(([key, spec]) => [
      key,
      Object.fromEntries(Object.keys(spec.figures).map((n) => [n, 1])),
    ]),
  );
  expect(findProblems(good)).toEqual([]);
  const { "bundle.room": _dropped, ...missing } = good;
  expect(findProblems(missing)).toEqual(["bundle.room: missing"]);
  expect(findProblems(missing, ["token.mint", "token.mint.cpu"])).toEqual([]);
  const verify = { ...good["token.verify"], ours: 0, official: Number.NaN, extra: 1 };
  expect(findProblems({ ...good, "token.verify": verify })).toEqual([
    "token.verify.ours: 0 is not a finite positive number",
    "token.verify.official: null is not a finite positive number",
    "token.verify.extra: unexpected figure",
  ]);
});
