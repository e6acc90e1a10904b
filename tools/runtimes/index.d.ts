/** Executables of the other runtimes: Node 22, Bun and Deno (installed on first use). */
export declare const binaries: { readonly node22: string; readonly bun: string; readonly deno: string };
export { EdgeVM } from "@edge-runtime/vm";
export { Miniflare } from "miniflare";
