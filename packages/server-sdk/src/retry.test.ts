import { describe, expect, it } from "vitest";
import { Client } from "./client.ts";
import { TwirpError } from "./errors.ts";
import { RoomService } from "./services/room.ts";
import type { Transport } from "./transport.ts";

const opts = { host: "http://127.0.0.1:1", apiKey: "key", apiSecret: "secret-secret-secret-secret-secret-1" };
const enc = new TextEncoder();

function failing(status: number, code: string, headers: Record<string, string> = {}) {
  const attempts: number[] = [];
  const transport: Transport = {
    request: async () => {
      attempts.push(Date.now());
      return {
        status,
        headers: { "content-type": "application/json", ...headers },
        body: enc.encode(`{"code":"${code}","msg":"x"}`),
      };
    },
  };
  return { transport, attempts };
}

describe("retry policy", () => {
  it("does not sleep past the call deadline", async () => {
    const { transport, attempts } = failing(503, "unavailable");
    const client = new Client({ ...opts, transport, retry: { initialDelayMs: 5_000, maxDelayMs: 5_000 } });
    // Jitter can pick a short sleep; only a sleep that fits the deadline may happen. A sleep past it
    // would end in a timeout, not the server's answer. The deadline is loose enough that the first
    // attempt fits it on a loaded machine.
    const started = Date.now();
    await expect(RoomService.createRoom(client, "a", {}, { timeoutMs: 1_000 })).rejects.toBeInstanceOf(
      TwirpError,
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(attempts.length).toBeLessThanOrEqual(3);
  });

  it("honours a custom shouldRetry and maxAttempts", async () => {
    const { transport, attempts } = failing(500, "internal");
    const seen: string[] = [];
    const client = new Client({
      ...opts,
      transport,
      retry: {
        maxAttempts: 4,
        initialDelayMs: 1,
        shouldRetry: (error, ctx) => {
          seen.push(`${ctx.rpc}#${ctx.attempt}:${error.code}:${ctx.retryClass}`);
          return true;
        },
      },
    });
    await expect(RoomService.deleteRoom(client, "a")).rejects.toMatchObject({ code: "internal" });
    expect(attempts).toHaveLength(4);
    expect(seen).toEqual([
      "livekit.RoomService/DeleteRoom#1:internal:safe",
      "livekit.RoomService/DeleteRoom#2:internal:safe",
      "livekit.RoomService/DeleteRoom#3:internal:safe",
    ]);
  });

  it("does not retry client errors such as 404 or 401", async () => {
    for (const [status, code] of [
      [404, "not_found"],
      [401, "unauthenticated"],
      [400, "invalid_argument"],
    ] as const) {
      const { transport, attempts } = failing(status, code);
      const client = new Client({ ...opts, transport, retry: { initialDelayMs: 1 } });
      await expect(RoomService.listParticipants(client, "a")).rejects.toMatchObject({ code, status });
      expect(attempts).toHaveLength(1);
    }
  });

  it("an abort during the backoff ends the call at once", async () => {
    const { transport, attempts } = failing(503, "unavailable", { "retry-after": "2" });
    const client = new Client({ ...opts, transport });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    await expect(RoomService.listRooms(client, {}, { signal: controller.signal })).rejects.toMatchObject({
      code: "aborted",
    });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(attempts).toHaveLength(1);
  });
});
