import { defineConfig } from "vitest/config";

// No shared livekit-stack global setup: the test starts its own server, whose webhook.urls point at the app.
export default defineConfig({
  test: { include: ["test/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 60_000 },
});
