/**
 * What a package's vitest config needs for real-server tests: the global setup (which starts the
 * servers only when the selected files include a `*.integration.test.ts`), or, when a developer opts
 * out with EXLIVEKIT_SKIP_INTEGRATION=1, an exclude pattern plus a loud warning. Throws when that
 * opt-out is combined with CI.
 */
export declare function integrationWiring(root?: string): { globalSetup: string[]; exclude: string[] };
