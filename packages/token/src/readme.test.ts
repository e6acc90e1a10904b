import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const packageDir = new URL("..", import.meta.url).pathname;

// Free variables the README snippets use, as a reader would have them in scope (unless a snippet
// declares one itself).
const FREE = ["apiKey", "apiSecret", "jwt", "oldSecret", "newSecret"];

function prelude(block: string): string {
  const free = FREE.filter((name) => !new RegExp(`\\bconst ${name}\\b`).test(block));
  return [
    'import { AccessToken, isTokenError, signClaims, verifyToken } from "@exlivekit/token";',
    "void AccessToken; void isTokenError; void signClaims; void verifyToken;",
    ...free.map((name) => `declare const ${name}: string; void ${name};`),
    "",
  ].join("\n");
}

describe("README", () => {
  it("every TypeScript example typechecks against the package's API", async () => {
    const readme = await readFile(join(packageDir, "README.md"), "utf8");
    // The framework recipes are type-checked against the frameworks' real types, and run, by
    // examples/framework-recipes.
    const recipes = readme.indexOf("\n### Recipes\n");
    expect(recipes).toBeGreaterThan(0);
    const end = readme.indexOf("\n## ", recipes);
    const checked = readme.slice(0, recipes) + (end < 0 ? "" : readme.slice(end));
    const blocks = [...checked.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(8);
    const dir = await mkdtemp(join(tmpdir(), "exlivekit-token-readme-"));
    try {
      const files: string[] = [];
      for (const [i, block] of blocks.entries()) {
        // Snippets that import the package themselves shadow nothing: drop their import lines.
        const body = block.replace(/^import .* from "@exlivekit\/token";$/gm, "");
        const file = join(dir, `example-${i}.ts`);
        await writeFile(file, `${prelude(body)}${body}\nexport {};\n`);
        files.push(file);
      }
      const program = ts.createProgram(files, {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        allowImportingTsExtensions: true,
        exactOptionalPropertyTypes: true,
        lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
        types: ["node"],
        typeRoots: [join(packageDir, "../../node_modules/@types")],
        skipLibCheck: true,
        paths: {
          "@exlivekit/token": [join(packageDir, "src/index.ts")],
          "@exlivekit/token/endpoint": [join(packageDir, "src/endpoint.ts")],
          "@exlivekit/token/node": [join(packageDir, "src/node.ts")],
        },
      });
      const problems = ts
        .getPreEmitDiagnostics(program)
        .map(
          (d) =>
            `${d.file?.fileName.split("/").pop()}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`,
        );
      expect(problems).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
