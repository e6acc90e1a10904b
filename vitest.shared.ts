import { defineConfig } from "vitest/config";

/** The test setup every workspace package shares. Unit tests: `*.test.ts`; real-server tests: `*.integration.test.ts`. */
export function packageTests() {
  return defineConfig({
    test: {
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  });
}
