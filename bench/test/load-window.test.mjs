import { expect, test } from "vitest";
import { loadWindow } from "../lib/load-window.mjs";

test("a window that closes before any worker starts still has figures: each worker makes one call", async () => {
  let calls = 0;
  const result = await loadWindow(
    async () => {
      calls++;
    },
    4,
    0,
  );
  expect(calls).toBe(4);
  expect(Number.isFinite(result.rps) && result.rps > 0).toBe(true);
  expect(result.p99).toBeGreaterThanOrEqual(0);
});
