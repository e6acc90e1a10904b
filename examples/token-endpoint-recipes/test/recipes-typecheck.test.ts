import { execFile } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { FRAMEWORKS, readmeRecipes } from "./readme-recipes.ts";

// Under this package, so that the recipes' imports resolve to the real packages and their types.
const dir = new URL("../.cache/typecheck/", import.meta.url);
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("every recipe of the token README", () => {
  it("type-checks against the real types of express, fastify, hono and @exlivekit/token", async () => {
    await mkdir(dir, { recursive: true });
    const recipes = readmeRecipes();
    const policy =
      'declare const authorize: import("@exlivekit/token/endpoint").TokenEndpointOptions["authorize"];';
    const files = await Promise.all(
      FRAMEWORKS.map(async (framework) => {
        const name = `${framework.replaceAll(/\W/g, "-").toLowerCase()}.ts`;
        await writeFile(new URL(name, dir), `${policy}\n${recipes[framework]}\nexport {};\n`);
        return name;
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
    const output = await promisify(execFile)(process.execPath, [tsc, "-p", new URL(".", dir).pathname]).then(
      ({ stdout, stderr }) => stdout + stderr,
      (error: { stdout: string; stderr: string; code: number }) =>
        `${error.stdout}${error.stderr}tsc exited with ${error.code}`,
    );
    expect(output).toBe("");
  });
});
