import { execFile } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { type RecipeReadme, readmeRecipes, TOKEN_README, WEBHOOK_README } from "./readme-recipes.ts";

// Under this package, so that the recipes' imports resolve to the real packages and their types.
const root = new URL("../.cache/typecheck/", import.meta.url);
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** tsc's diagnostics for every recipe of `readme`, each a module of its own after `prelude`. */
async function typecheck(name: string, readme: RecipeReadme<string>, prelude = ""): Promise<string> {
  const dir = new URL(`${name}/`, root);
  await mkdir(dir, { recursive: true });
  const recipes: Record<string, string> = readmeRecipes(readme);
  const files = await Promise.all(
    readme.frameworks.map(async (framework) => {
      const file = `${framework.replaceAll(/\W/g, "-").toLowerCase()}.ts`;
      await writeFile(new URL(file, dir), `${prelude}${recipes[framework]}\nexport {};\n`);
      return file;
    }),
  );
  const compilerOptions = {
    strict: true,
    noEmit: true,
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    exactOptionalPropertyTypes: true,
    lib: ["ES2022", "DOM"],
    types: ["node"],
    skipLibCheck: true,
  };
  const globals = new URL("runtime-globals.d.ts", import.meta.url).pathname;
  await writeFile(
    new URL("tsconfig.json", dir),
    JSON.stringify({ compilerOptions, files: [...files, globals] }),
  );
  return promisify(execFile)(process.execPath, [tsc, "-p", new URL(".", dir).pathname]).then(
    ({ stdout, stderr }) => stdout + stderr,
    (error: { stdout: string; stderr: string; code: number }) =>
      `${error.stdout}${error.stderr}tsc exited with ${error.code}`,
  );
}

describe("every framework recipe type-checks against the real types of express, fastify, hono and ours", () => {
  it("the token README's", async () => {
    const policy =
      'declare const authorize: import("@exlivekit/token/endpoint").TokenEndpointOptions["authorize"];\n';
    expect(await typecheck("token", TOKEN_README, policy)).toBe("");
  });

  it("the webhook README's", async () => {
    expect(await typecheck("webhook", WEBHOOK_README)).toBe("");
  });
});
