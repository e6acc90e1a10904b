import { defineConfig } from "vitest/config";

// No livekit-stack global setup here: the demo starts (and stops) its own server, as `pnpm demo` does.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 180_000,
  },
});
