/** Subpath name (no `./`) to its source file, for every generated file, sorted by name. */
export declare function generatedEntries(): Record<string, string>;
/** The `exports` map of package.json: the root entry, one subpath per generated file, package.json. */
export declare function packageExports(): Record<string, unknown>;
/** The descriptor-free codecs: `wire/room`, `json/webhook`, ... and `wire/runtime`, to their source files. */
export declare function codecEntries(): Record<string, string>;
