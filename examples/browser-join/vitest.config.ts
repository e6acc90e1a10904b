import { defineConfig } from "vitest/config";

// No shared livekit-stack global setup: the test starts its own server and a real browser.
export default defineConfig({
  test: { include: ["test/**/*.test.ts"], testTimeout: 90_000, hookTimeout: 90_000 },
});
