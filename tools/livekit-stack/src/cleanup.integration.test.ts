import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isTcpPortInUse, isUdpPortInUse } from "./free-port.js";

const fixture = fileURLToPath(new URL("../test/hold-stack.mjs", import.meta.url));

interface Held {
  pids: number[];
  ports: number[];
  udpPort: number;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("a run that is interrupted", () => {
  it.each(["SIGINT", "SIGTERM", "SIGKILL"] as const)(
    "leaves no process or port behind after %s",
    async (signal) => {
      const child = spawn(process.execPath, [fixture], { stdio: ["ignore", "pipe", "inherit"] });
      const exited = new Promise((resolve) => child.once("close", resolve));
      const lines = createInterface({ input: child.stdout });
      const held = await new Promise<Held>((resolve, reject) => {
        lines.once("line", (line) => resolve(JSON.parse(line) as Held));
        child.once("close", (code) => reject(new Error(`fixture exited early (${code})`)));
      });
      expect(held.pids).toHaveLength(3);
      for (const pid of held.pids) expect(isAlive(pid)).toBe(true);

      child.kill(signal);
      await exited;
      // SIGKILL leaves it to the reapers, which poll once a second.
      await expect.poll(() => held.pids.filter(isAlive), { timeout: 5000 }).toEqual([]);
      for (const port of held.ports) expect(await isTcpPortInUse(port), `TCP port ${port}`).toBe(false);
      expect(await isUdpPortInUse(held.udpPort)).toBe(false);
    },
    30_000,
  );
});
