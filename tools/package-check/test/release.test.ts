// The release dry run: `changeset version` on a scratch copy of the workspace's manifests and changeset
// config, with the pending changesets and with samples, to prove that packages really are versioned on
// their own (CONTRIBUTING.md, "versioned on its own"): a server-sdk minor releases no transport, a token major forces no
// server-sdk or webhook major, and nothing reaches 1.0.0 unless a changeset asks for a major.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const changesetBin = join(root, "node_modules/@changesets/cli/bin.js");
const scratches: string[] = [];

type Manifest = {
  name: string;
  version: string;
  private?: boolean;
  peerDependencies?: Record<string, string>;
};

/** Workspace folders from pnpm-workspace.yaml (its `dir`, `dir/*` and `"!dir"` entries). */
function workspaceDirs(): string[] {
  const yaml = readFileSync(join(root, "pnpm-workspace.yaml"), "utf8");
  const entries = [...yaml.matchAll(/^ {2}- "?([^"\s]+)"?$/gm)].map((match) => match[1]!);
  const excluded = new Set(entries.filter((entry) => entry.startsWith("!")).map((entry) => entry.slice(1)));
  const globs = entries.filter((entry) => !entry.startsWith("!"));
  const dirs = globs.flatMap((glob) =>
    glob.endsWith("/*")
      ? readdirSync(join(root, glob.slice(0, -2)), { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => `${glob.slice(0, -2)}/${entry.name}`)
      : [glob],
  );
  return dirs.filter((dir) => !excluded.has(dir));
}

const dirs = workspaceDirs();
const readManifest = (base: string, dir: string): Manifest =>
  JSON.parse(readFileSync(join(base, dir, "package.json"), "utf8"));
const published = dirs.filter((dir) => readManifest(root, dir).private !== true);

/**
 * Copies the manifests and the changeset config into a scratch folder, optionally at given versions
 * (name -> version) and with the repository's pending changesets, adds `samples` and runs
 * `changeset version`. Returns the versions afterwards, by package name.
 */
function version(options: {
  pending: boolean;
  samples?: Record<string, string>;
  from?: string;
}): Map<string, Manifest> {
  const scratch = mkdtempSync(join(tmpdir(), "exlivekit-release-"));
  scratches.push(scratch);
  for (const file of ["package.json", "pnpm-workspace.yaml"]) cpSync(join(root, file), join(scratch, file));
  for (const dir of dirs) {
    const manifest = readManifest(root, dir);
    if (options.from !== undefined && manifest.private !== true) manifest.version = options.from;
    mkdirSync(join(scratch, dir), { recursive: true });
    writeFileSync(join(scratch, dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  }
  mkdirSync(join(scratch, ".changeset"));
  const config = JSON.parse(readFileSync(join(root, ".changeset/config.json"), "utf8"));
  // Changelog text is not what is tested here, and its generator lives in the real workspace only.
  writeFileSync(join(scratch, ".changeset/config.json"), JSON.stringify({ ...config, changelog: false }));
  if (options.pending) {
    for (const file of readdirSync(join(root, ".changeset")).filter((f) => f.endsWith(".md"))) {
      if (file !== "README.md") cpSync(join(root, ".changeset", file), join(scratch, ".changeset", file));
    }
  }
  for (const [name, body] of Object.entries(options.samples ?? {})) {
    writeFileSync(join(scratch, ".changeset", `${name}.md`), body);
  }
  execFileSync(process.execPath, [changesetBin, "version"], {
    cwd: scratch,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, CI: "true" },
  });
  return new Map(dirs.map((dir) => [readManifest(scratch, dir).name, readManifest(scratch, dir)]));
}

const sample = (bumps: Record<string, string>) =>
  `---\n${Object.entries(bumps)
    .map(([name, type]) => `"${name}": ${type}`)
    .join("\n")}\n---\n\nA sample change.\n`;

const versionsOf = (result: Map<string, Manifest>) =>
  Object.fromEntries(
    published.map((dir) => readManifest(root, dir).name).map((name) => [name, result.get(name)!.version]),
  );

afterAll(() => {
  for (const scratch of scratches) rmSync(scratch, { recursive: true, force: true });
});

describe("changeset version, dry run", () => {
  it("covers every published package: all of packages/ but the private helpers inlined into them", () => {
    const packages = readdirSync(join(root, "packages")).filter((dir) => dir !== "internal");
    expect(published).toEqual(packages.map((dir) => `packages/${dir}`));
    expect(readManifest(root, "packages/internal").private).toBe(true);
  });

  it("releases the pending changesets with no package at 1.0.0", () => {
    const after = versionsOf(version({ pending: true }));
    for (const [name, next] of Object.entries(after)) {
      expect(next, name).toMatch(/^0\.\d+\.\d+$/);
    }
    expect(after["@exlivekit/transport-undici"]).toBe("0.1.0");
    expect(after["@exlivekit/transport-fetch"]).toBe("0.1.0");
  });

  it("releases no transport for a server-sdk minor, and keeps their peer range", () => {
    const result = version({
      pending: false,
      from: "0.3.0",
      samples: { "sdk-minor": sample({ "@exlivekit/server-sdk": "minor" }) },
    });
    const after = versionsOf(result);
    expect(after["@exlivekit/server-sdk"]).toBe("0.4.0");
    for (const name of ["@exlivekit/transport-undici", "@exlivekit/transport-fetch"]) {
      expect(after[name], name).toBe("0.3.0");
      expect(result.get(name)!.peerDependencies).toEqual({ "@exlivekit/server-sdk": "workspace:^0" });
    }
    expect(after["@exlivekit/token"]).toBe("0.3.0");
  });

  it("forces no server-sdk, webhook or transport major for a token major", () => {
    const after = versionsOf(
      version({
        pending: false,
        from: "0.3.0",
        samples: { "token-major": sample({ "@exlivekit/token": "major" }) },
      }),
    );
    expect(after["@exlivekit/token"]).toBe("1.0.0");
    for (const [name, next] of Object.entries(after)) {
      if (name !== "@exlivekit/token") expect(next, name).toMatch(/^0\.3\.\d+$/);
    }
  });

  it("keeps a transport on 0.x when server-sdk releases a patch with a transport minor", () => {
    const after = versionsOf(
      version({
        pending: false,
        from: "0.3.0",
        samples: {
          both: sample({ "@exlivekit/server-sdk": "patch", "@exlivekit/transport-fetch": "minor" }),
        },
      }),
    );
    expect(after).toMatchObject({
      "@exlivekit/server-sdk": "0.3.1",
      "@exlivekit/transport-fetch": "0.4.0",
      "@exlivekit/transport-undici": "0.3.0",
    });
  });
});
