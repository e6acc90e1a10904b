// @ts-check
// Drives typedoc once over the published entry points: converts, names each module after its import
// path, validates (every exported symbol and member documented), and optionally renders HTML.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { Application, Converter, OptionDefaults, ReflectionKind } from "typedoc";
import ts from "typescript";
import { PUBLISHED_ENTRIES, PUBLISHED_PACKAGES } from "./published-packages.mjs";

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root. */
export const REPO_ROOT = resolve(here, "../../..");
/** Symbols known to lack a doc comment; the check fails on any other, and on entries no longer needed. */
export const BASELINE_FILE = resolve(here, "../undocumented-baseline.json");

/** @returns {string[]} */
export function readBaseline(file = BASELINE_FILE) {
  const parsed = JSON.parse(readFileSync(file, "utf8"));
  if (!Array.isArray(parsed.undocumented)) throw new Error(`${file}: expected { "undocumented": [...] }`);
  return parsed.undocumented;
}

/**
 * @typedef {object} TypedocRun
 * @property {string[]} undocumented friendly names of exported symbols/members without a doc comment
 * @property {string[]} staleBaseline baseline entries that are documented (or gone) now
 * @property {string[]} errors typedoc errors (the sources do not compile, output failed)
 * @property {string[]} warnings other typedoc warnings (links it had to redirect, unexported types, ...)
 * @property {string[]} modules the documented module names
 */

/**
 * @param {object} options
 * @param {string | undefined} [options.out] folder to render HTML into; nothing is rendered when absent
 * @param {readonly { module: string, entry: string }[]} [options.entries] default: the published entries
 * @param {string} [options.tsconfig] default: tools/docs/tsconfig.typedoc.json
 * @param {readonly string[]} [options.baseline] names allowed to lack docs (default: the baseline file)
 * @param {readonly string[]} [options.packages] packages whose symbols must be documented
 * @returns {Promise<TypedocRun>}
 */
export async function runTypedoc({
  out,
  entries = PUBLISHED_ENTRIES,
  tsconfig = join(here, "..", "tsconfig.typedoc.json"),
  baseline = readBaseline(),
  packages = PUBLISHED_PACKAGES,
} = {}) {
  /** @type {string[]} */
  const undocumented = [];
  /** @type {string[]} */
  const errors = [];
  /** @type {string[]} */
  const warnings = [];
  let staleBaseline = /** @type {string[]} */ ([]);

  const app = await Application.bootstrapWithPlugins({
    entryPoints: entries.map((e) => join(REPO_ROOT, e.entry)),
    entryPointStrategy: "resolve",
    alwaysCreateEntryPointModule: true,
    tsconfig,
    name: "ExLivekit for TypeScript",
    readme: join(here, "..", "api-index.md"),
    disableSources: true,
    excludePrivate: true,
    excludeInternal: true,
    sort: ["kind", "instance-first", "alphabetical-ignoring-documents"],
    validation: { notDocumented: true, notExported: true, invalidLink: true },
    packagesRequiringDocumentation: [...packages],
    intentionallyNotDocumented: [...baseline],
    // protoc-gen-es marks generated declarations with @generated.
    blockTags: [...OptionDefaults.blockTags, "@generated"],
    // Messages are collected below and printed by the caller.
    logLevel: "None",
  });
  const logger = app.logger;
  const log = logger.log.bind(logger);
  logger.log = (message, level) => {
    // ConsoleLogger has already prefixed a coloured "[warning]" label.
    const text = stripVTControlCharacters(String(message)).replace(/^\[(warning|error)\] /, "");
    if (level === 3) errors.push(text);
    else if (level === 2) {
      const match = /^(.+) \((\w+)\), defined in .+, does not have any documentation$/.exec(text);
      if (match?.[1] !== undefined) undocumented.push(match[1]);
      else if (text.includes("intentionally not documented")) {
        staleBaseline = text
          .split("\n")
          .slice(1)
          .map((line) => line.trim())
          .filter((line) => line !== "");
      } else warnings.push(text);
    }
    log(message, level);
  };

  inheritShorthandComments(app);
  const project = await app.convert();
  if (project === undefined) {
    return {
      undocumented,
      staleBaseline,
      errors: [...errors, "typedoc could not convert the project"],
      warnings,
      modules: [],
    };
  }
  nameModules(project, entries);
  app.validate(project);
  if (out !== undefined) await app.generateDocs(project, out);
  const modules = project.getChildrenByKind(ReflectionKind.Module).map((m) => m.name);
  return { undocumented, staleBaseline, errors, warnings, modules };
}

/**
 * typedoc names a module after its file path (`packages/token/src`); users know it by its import path.
 * @param {import("typedoc").ProjectReflection} project
 * @param {readonly { module: string, entry: string }[]} entries
 */
function nameModules(project, entries) {
  for (const mod of project.getChildrenByKind(ReflectionKind.Module)) {
    const file = mod.sources?.[0]?.fullFileName ?? project.getSymbolIdFromReflection(mod)?.fileName;
    const entry = entries.find((e) => file !== undefined && resolve(REPO_ROOT, e.entry) === resolve(file));
    if (entry !== undefined) mod.name = entry.module;
  }
  // Keep the modules in the order users meet them.
  project.children?.sort(
    (a, b) => entries.findIndex((e) => e.module === a.name) - entries.findIndex((e) => e.module === b.name),
  );
}

/**
 * The services are namespace objects of documented functions (`export const RoomService = { createRoom }`).
 * typedoc leaves such shorthand properties without a comment; give each the comment of the function it
 * names, so the reference shows it and the check counts it as documented.
 * @param {Application} app
 */
function inheritShorthandComments(app) {
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (reflection.hasComment()) return;
    const declaration = context.getSymbolFromReflection(reflection)?.declarations?.[0];
    if (declaration === undefined || !ts.isShorthandPropertyAssignment(declaration)) return;
    let symbol = context.checker.getShorthandAssignmentValueSymbol(declaration);
    // `import { createRoom } from "./room.ts"` then `{ createRoom }`: follow the import to the function.
    if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias)
      symbol = context.checker.getAliasedSymbol(symbol);
    const target = symbol?.declarations?.[0];
    const comment = target === undefined ? undefined : context.getNodeComment(target, false);
    if (comment !== undefined) reflection.comment = comment;
  });
}
