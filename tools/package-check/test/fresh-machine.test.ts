// The packaging step as on a fresh machine: empty HOME and corepack cache, no COREPACK_INTEGRITY_KEYS, and
// a `pnpm` first on PATH that must not be used (on such a machine it is corepack's shim, which then tries
// to download and verify pnpm, and fails). Only the pnpm running the command may pack.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { pnpmCommand } from "../../../scripts/pnpm.mjs";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const home = mkdtempSync(join(tmpdir(), "exlivekit-fresh-home-"));
const trap = mkdtempSync(join(tmpdir(), "exlivekit-fresh-path-"));

afterAll(() => {
  for (const dir of [home, trap]) rmSync(dir, { recursive: true, force: true });
});

const leftovers = () =>
  readdirSync(tmpdir()).filter((name) => /^(publint-pack-|exlivekit-check-package-)/.test(name));

it("checks a package with only the running pnpm, and leaves nothing in the temporary folder", () => {
  for (const name of ["pnpm", "corepack"]) {
    writeFileSync(join(trap, name), `#!/bin/sh\necho "the ${name} on PATH was used" >&2\nexit 97\n`);
    chmodSync(join(trap, name), 0o755);
  }
  const env: NodeJS.ProcessEnv = {
    HOME: home,
    COREPACK_HOME: join(home, ".cache/node/corepack"),
    // Node's own folder first, as tinyexec puts it for the tools it spawns, and the trap before it.
    PATH: [trap, dirname(process.execPath), process.env["PATH"]].join(":"),
  };
  const before = leftovers();
  const pnpm = pnpmCommand();
  const result = spawnSync(
    pnpm.command,
    [...pnpm.args, "--filter", "@exlivekit/token", "run", "check:package"],
    {
      cwd: root,
      env,
      encoding: "utf8",
      timeout: 240_000,
    },
  );
  const output = `${result.stdout}${result.stderr}`;
  expect(output).not.toMatch(/on PATH was used/);
  expect(output).toContain("All good!");
  expect(output).toMatch(/attw: no problems in exlivekit-token-\S+\.tgz/);
  expect(result.status, output).toBe(0);
  expect(leftovers()).toEqual(before);
}, 300_000);
