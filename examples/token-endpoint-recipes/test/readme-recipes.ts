import { readFileSync } from "node:fs";

const README = new URL("../../../packages/token/README.md", import.meta.url);

/** The frameworks of the README's "### Recipes" section, by how each recipe's introduction begins. */
export const FRAMEWORKS = [
  "Next.js",
  "Cloudflare Workers",
  "Deno",
  "Bun",
  "Hono",
  "Express",
  "Fastify",
  "node:http",
] as const;
export type Framework = (typeof FRAMEWORKS)[number];

/**
 * The TypeScript block of each recipe in @exlivekit/token's README, exactly as a reader copies it. Throws
 * when a framework has no recipe, two, or a recipe names no known framework.
 */
export function readmeRecipes(): Record<Framework, string> {
  const readme = readFileSync(README, "utf8");
  const start = readme.indexOf("\n### Recipes\n");
  if (start < 0) throw new Error("the token README has no ### Recipes section");
  const end = readme.indexOf("\n## ", start);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const recipes: Partial<Record<Framework, string>> = {};
  for (const match of section.matchAll(/\n\n((?:(?!```)[^\n]+\n)+)\n```ts\n([\s\S]*?)```/g)) {
    const intro = match[1]!; // the paragraph just before the block
    const framework = FRAMEWORKS.find((name) => intro.startsWith(name));
    if (framework === undefined) throw new Error(`a recipe names no known framework: ${intro}`);
    if (recipes[framework] !== undefined) throw new Error(`two recipes for ${framework}`);
    recipes[framework] = match[2]!;
  }
  const missing = FRAMEWORKS.filter((name) => recipes[name] === undefined);
  if (missing.length > 0) throw new Error(`no recipe for ${missing.join(", ")}`);
  return recipes as Record<Framework, string>;
}
