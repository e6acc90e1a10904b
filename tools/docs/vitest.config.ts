import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // typedoc type-checks every package's sources once per run.
    testTimeout: 120_000,
  },
});
