import { mkdir, rm, writeFile } from "node:fs/promises";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { FRAMEWORKS, readmeRecipes } from "./readme-recipes.ts";

// Under this package, so that the recipes' imports resolve to the real packages and their types.
const dir = new URL("../.cache/typecheck/", import.meta.url);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("every recipe of the token README", () => {
  it("type-checks against the real types of express, fastify, hono and @exlivekit/token", async () => {
    await mkdir(dir, { recursive: true });
    const recipes = readmeRecipes();
    const files = await Promise.all(
      FRAMEWORKS.map(async (framework) => {
        const file = new URL(`${framework.replaceAll(/\W/g, "-").toLowerCase()}.ts`, dir).pathname;
        const policy =
          'declare const authorize: import("@exlivekit/token/endpoint").TokenEndpointOptions["authorize"];';
        await writeFile(file, `${policy}\n${recipes[framework]}\nexport {};\n`);
        return file;
      }),
    );
    const program = ts.createProgram([...files, new URL("runtime-globals.d.ts", import.meta.url).pathname], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      exactOptionalPropertyTypes: true,
      lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
      types: ["node"],
      skipLibCheck: true,
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map(
        (d) =>
          `${d.file?.fileName.split("/").pop()}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`,
      );
    expect(problems).toEqual([]);
  });
});
