import { readFileSync } from "node:fs";

/** A README whose recipes run here: where it is, the heading of its recipes, their frameworks. */
export interface RecipeReadme<F extends string> {
  /** Relative to this file. */
  path: string;
  /** The heading line of the recipes' section, e.g. "### Recipes". */
  heading: string;
  /** The frameworks, by how each recipe's introduction begins. */
  frameworks: readonly F[];
}

export const TOKEN_README = {
  path: "../../../packages/token/README.md",
  heading: "### Recipes",
  frameworks: ["Next.js", "Cloudflare Workers", "Deno", "Bun", "Hono", "Express", "Fastify", "node:http"],
} as const satisfies RecipeReadme<string>;

export const WEBHOOK_README = {
  path: "../../../packages/webhook/README.md",
  heading: "## Recipes",
  frameworks: ["Next.js", "Cloudflare Workers", "Hono", "Express", "Fastify", "node:http"],
} as const satisfies RecipeReadme<string>;

/**
 * The TypeScript block of each recipe in the README's section, exactly as a reader copies it: the block
 * after each paragraph that begins with a framework's name. Throws when a framework has no recipe, two,
 * or a recipe names no known framework.
 */
export function readmeRecipes<F extends string>({
  path,
  heading,
  frameworks,
}: RecipeReadme<F>): Record<F, string> {
  const readme = readFileSync(new URL(path, import.meta.url), "utf8");
  const start = readme.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`${path} has no ${heading} section`);
  const level = heading.split(" ")[0]!;
  // The section ends at the next heading of its level or above.
  const next = new RegExp(`\\n#{1,${level.length}} `, "g");
  next.lastIndex = start + heading.length + 1;
  const end = next.exec(readme)?.index;
  const section = readme.slice(start, end);
  const recipes: Partial<Record<F, string>> = {};
  for (const match of section.matchAll(/\n\n((?:(?!```)[^\n]+\n)+)\n```ts\n([\s\S]*?)```/g)) {
    const intro = match[1]!; // the paragraph just before the block
    const framework = frameworks.find((name) => intro.startsWith(name));
    if (framework === undefined) throw new Error(`a recipe of ${path} names no known framework: ${intro}`);
    if (recipes[framework] !== undefined) throw new Error(`two recipes for ${framework} in ${path}`);
    recipes[framework] = match[2]!;
  }
  const missing = frameworks.filter((name) => recipes[name] === undefined);
  if (missing.length > 0) throw new Error(`${path} has no recipe for ${missing.join(", ")}`);
  return recipes as Record<F, string>;
}
