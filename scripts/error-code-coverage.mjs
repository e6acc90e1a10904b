// Which error codes of a package no test asserts. Every package's `error-codes.test.ts` calls
// `untestedErrorCodes` so that adding a code to an error union without a test fails the suite.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

/** @param {string} dir @returns {string[]} */
function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === "node_modules" || entry.name === "dist" || entry.name === "gen") return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}

const isTestFile = (/** @type {string} */ rel) => rel.endsWith(".test.ts") || rel.startsWith("test/");

/**
 * Every string-literal member of every exported type alias named `…ErrorCode` in the package's
 * `src/index.ts`, resolved through unions of unions, read by the TypeScript checker.
 * @param {string} packageDir
 * @returns {Map<string, string[]>} alias name -> codes
 */
export function errorCodeUnions(packageDir) {
  const sources = walk(join(packageDir, "src")).filter(
    (f) => f.endsWith(".ts") && !isTestFile(relative(packageDir, f)),
  );
  // The package's own files only: imports of other packages stay unresolved, which no error union needs.
  const program = ts.createProgram(sources, {
    noResolve: true,
    noEmit: true,
    allowImportingTsExtensions: true,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    types: [],
  });
  const checker = program.getTypeChecker();
  const index = program.getSourceFile(join(packageDir, "src/index.ts"));
  const moduleSymbol = index && checker.getSymbolAtLocation(index);
  if (moduleSymbol === undefined) throw new Error(`${packageDir}: no src/index.ts module`);
  /** @type {Map<string, string[]>} */
  const unions = new Map();
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    if (!exported.name.endsWith("ErrorCode")) continue;
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (!(symbol.flags & ts.SymbolFlags.TypeAlias)) continue;
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    const members = type.isUnion() ? type.types : [type];
    unions.set(
      exported.name,
      members.filter((t) => t.isStringLiteral()).map((t) => /** @type {ts.StringLiteralType} */ (t).value),
    );
  }
  return unions;
}

/**
 * Codes some test of the package asserts, in the forms the suites use: `code: "x"` (toMatchObject,
 * objectContaining), `.code).toBe("x")` (also split over lines), `codeOf(...)).toBe("x")` and
 * an `expectSomething(error, "x", ...)` helper (expectCode, expectTyped). Test files are `*.test.ts` anywhere and everything under `test/`.
 * @param {string} packageDir
 * @returns {Set<string>}
 */
export function assertedErrorCodes(packageDir) {
  const found = new Set();
  const pattern =
    /\b(?:code(?:Of\([^;]*?\))?(?:[\s),]*\.toBe\(\s*|:\s*)|expect[A-Z]\w*\([^;]*?,\s*)"([a-z0-9_]+)"/g;
  for (const file of walk(packageDir)) {
    if (!file.endsWith(".ts") || !isTestFile(relative(packageDir, file))) continue;
    for (const match of readFileSync(file, "utf8").matchAll(pattern)) found.add(match[1]);
  }
  return found;
}

/**
 * `alias: code` for each code of the package's error unions that neither `table` (the package's
 * table-driven cases) nor another test asserts.
 * @param {string} packageDir
 * @param {Iterable<string>} table
 * @returns {string[]}
 */
export function untestedErrorCodes(packageDir, table) {
  const covered = new Set([...table, ...assertedErrorCodes(packageDir)]);
  const missing = [];
  for (const [alias, codes] of errorCodeUnions(packageDir)) {
    if (codes.length === 0) missing.push(`${alias}: no string codes found (not a union of literals?)`);
    for (const code of codes) if (!covered.has(code)) missing.push(`${alias}: ${code}`);
  }
  return missing;
}
