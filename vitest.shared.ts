import { configDefaults, defineConfig } from "vitest/config";
import { integrationWiring } from "./tools/livekit-stack/src/wiring.js";

/**
 * The test setup every workspace package shares. Unit tests: `*.test.ts`; real-server tests:
 * `*.integration.test.ts`, which get a livekit-server (with and without Redis) and the test-server mock
 * from the livekit-stack global setup (see tools/livekit-stack).
 */
export function packageTests() {
  const { globalSetup, exclude } = integrationWiring();
  // Mutation runs (scripts/test-mutation.mjs) load instrumented sources, which the tests that bundle the
  // sources for Bun, Deno, workerd and edge-runtime cannot run there.
  if (process.env["EXLIVEKIT_MUTATION"] === "1") exclude.push("**/runtimes.test.ts");
  return defineConfig({
    test: {
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      exclude: [...configDefaults.exclude, ...exclude],
      globalSetup,
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  });
}
