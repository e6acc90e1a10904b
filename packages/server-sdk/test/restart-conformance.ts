// The real server dies under load and comes back: each transport's `conformance.integration.test.ts`
// runs this against its own livekit-server, SIGKILLed mid-run and restarted on the same ports with the
// same keys (the harness's node.kill() and node.restart()). Every call must end in a result or a typed error, none may hang, and the same Client must
// recover. The time from the restart to the first success is printed (the closing note reports it).
import { startStack } from "@exlivekit/livekit-stack";
import { describe, expect, it } from "vitest";
import { Client, LiveKitError, RoomService } from "../src/index.ts";
import type { ConformanceTarget } from "./conformance.ts";

const WORKERS = 64;
const RUN_MS = 10_000;
const KILL_AT_MS = 3_000;
const CALL_TIMEOUT_MS = 5_000;
// The run also lasts this long past the restart: on a loaded machine the restart itself can take most of
// RUN_MS, and recovery is what is under test. MAX_RUN_MS bounds the run whatever happens.
const RECOVER_MS = 2_000;
const MAX_RUN_MS = 60_000;
// A call may overrun its deadline by timer slack on a loaded machine, never by this much.
const HANG_MS = CALL_TIMEOUT_MS + 5_000;

export function restartConformance(target: ConformanceTarget): void {
  describe(`${target.name} transport: the real server is killed and restarted under ${WORKERS} concurrent calls`, () => {
    it("no untyped error, no hang, the same Client recovers", { timeout: 120_000 }, async () => {
      const stack = await startStack({ redis: false });
      const node = stack.nodes[0];
      if (node === undefined) throw new Error("startStack returned no node");
      const client = new Client({
        host: stack.url,
        apiKey: stack.apiKey,
        apiSecret: stack.apiSecret,
        transport: target.make(),
        timeoutMs: CALL_TIMEOUT_MS,
      });
      const codes = new Map<string, number>();
      const untyped: unknown[] = [];
      let successes = 0;
      let longest = 0;
      let restartedAt: number | undefined;
      let firstSuccessAfterRestart: number | undefined;
      const started = performance.now();
      const room = `restart-${target.name}-${Date.now().toString(36)}`;

      function running(now: number): boolean {
        if (now - started >= MAX_RUN_MS) return false;
        return restartedAt === undefined || now < Math.max(started + RUN_MS, restartedAt + RECOVER_MS);
      }

      async function worker(n: number): Promise<void> {
        // Bounded: the loop ends with the run, whatever the server does.
        while (running(performance.now())) {
          const t0 = performance.now();
          try {
            if (n % 2 === 0) await RoomService.listRooms(client);
            else await RoomService.createRoom(client, `${room}-${n}`);
            successes++;
            if (restartedAt !== undefined && firstSuccessAfterRestart === undefined && t0 >= restartedAt) {
              firstSuccessAfterRestart = performance.now();
            }
          } catch (error) {
            if (error instanceof LiveKitError) codes.set(error.code, (codes.get(error.code) ?? 0) + 1);
            else untyped.push(error);
            // A failing server answers at once: pause a little so the loop does not spin.
            await new Promise((r) => setTimeout(r, 20));
          }
          longest = Math.max(longest, performance.now() - t0);
        }
      }

      async function killAndRestart(): Promise<void> {
        await new Promise((r) => setTimeout(r, KILL_AT_MS));
        await node.kill();
        await node.restart();
        restartedAt = performance.now();
      }

      try {
        await Promise.all([killAndRestart(), ...Array.from({ length: WORKERS }, (_, n) => worker(n))]);
        // The same Client, after the run: answers again.
        await expect(RoomService.listRooms(client)).resolves.toBeInstanceOf(Array);
      } finally {
        await client.close();
        await stack.stop();
      }

      const summary = {
        transport: target.name,
        successes,
        errors: Object.fromEntries(codes),
        untyped: untyped.length,
        longestCallMs: Math.round(longest),
        firstSuccessAfterRestartMs:
          firstSuccessAfterRestart === undefined || restartedAt === undefined
            ? undefined
            : Math.round(firstSuccessAfterRestart - restartedAt),
      };
      console.info(`[restart] ${JSON.stringify(summary)}`);
      expect(untyped).toEqual([]);
      expect(longest, "a call outlived its deadline by far: a hang").toBeLessThan(HANG_MS);
      expect(restartedAt, "the server was restarted").toBeDefined();
      expect(firstSuccessAfterRestart, "a call succeeded after the restart").toBeDefined();
      expect(successes).toBeGreaterThan(0);
    });
  });
}
