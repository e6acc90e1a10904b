/** Every string-literal member of each exported `…ErrorCode` type alias of the package, by alias name. */
export declare function errorCodeUnions(packageDir: string): Map<string, string[]>;
/** Codes some test file of the package asserts as `code: "x"` or `.code).toBe("x")`. */
export declare function assertedErrorCodes(packageDir: string): Set<string>;
/** `alias: code` for each code neither `table` nor another test of the package asserts. */
export declare function untestedErrorCodes(packageDir: string, table: Iterable<string>): string[];
