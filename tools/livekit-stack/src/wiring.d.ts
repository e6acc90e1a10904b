/**
 * What a package's vitest config needs for real-server tests: the global setup when the package has
 * `*.integration.test.ts` files, or (when a developer opts out with EXLIVEKIT_SKIP_INTEGRATION=1) an
 * exclude pattern plus a loud warning. Throws when that opt-out is combined with CI.
 */
export declare function integrationWiring(root?: string): { globalSetup: string[]; exclude: string[] };
