import { defineConfig } from "vitest/config";

// The smoke test starts a livekit-server and child processes: one file, generous time.
export default defineConfig({
  test: {
    include: ["test/**/*.test.mjs"],
    testTimeout: 180_000,
  },
});
