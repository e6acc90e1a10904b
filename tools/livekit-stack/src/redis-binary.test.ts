import { describe, expect, it } from "vitest";
import { ensureRedisServer } from "./redis-binary.js";

describe("ensureRedisServer", () => {
  it("finds redis-server on PATH", async () => {
    await expect(ensureRedisServer()).resolves.toBe("redis-server");
  });

  it("tells a non-root user how to install a missing redis-server", async () => {
    const attempt = ensureRedisServer({ command: "/nonexistent/redis-server", asRoot: false });
    await expect(attempt).rejects.toThrow(/`\/nonexistent\/redis-server` was not found/);
    await expect(attempt).rejects.toThrow(/apt-get install -y redis-server/);
  });
});
