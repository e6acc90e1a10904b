import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isTcpPortInUse, isUdpPortInUse } from "./free-port.js";
import { RESERVED_PORT_RANGE, releasePorts, reservePorts, tryReservePort } from "./reserved-ports.js";

const moduleUrl = new URL("./reserved-ports.js", import.meta.url).href;

/** Whether another process (another test run) could claim `port` now. */
function otherRunCanReserve(port: number): boolean {
  const script = `import(${JSON.stringify(moduleUrl)}).then((m) => { const ok = m.tryReservePort(${port}); m.releasePorts([${port}]); process.stdout.write(String(ok)); })`;
  return execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }) === "true";
}

/** The kernel's range for ports it picks itself (outgoing connections, `listen(0)`), on Linux. */
function ephemeralRange(): [number, number] | undefined {
  try {
    const [low, high] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/);
    return [Number(low), Number(high)];
  } catch {
    return undefined;
  }
}

describe("reserved node ports", () => {
  it("hands out distinct ports, free on TCP and UDP, outside the ports the kernel picks itself", async () => {
    const ports = await reservePorts(6);
    try {
      expect(new Set(ports).size).toBe(6);
      const ephemeral = ephemeralRange();
      for (const port of ports) {
        expect(port).toBeGreaterThanOrEqual(RESERVED_PORT_RANGE.first);
        expect(port).toBeLessThanOrEqual(RESERVED_PORT_RANGE.last);
        if (ephemeral !== undefined) expect(port < ephemeral[0] || port > ephemeral[1]).toBe(true);
        expect(await isTcpPortInUse(port)).toBe(false);
        expect(await isUdpPortInUse(port)).toBe(false);
      }
    } finally {
      releasePorts(ports);
    }
  });

  it("keeps a held port from every other run until it is released", async () => {
    const [port] = (await reservePorts(1)) as [number];
    expect(tryReservePort(port)).toBe(false);
    expect(otherRunCanReserve(port)).toBe(false);
    releasePorts([port]);
    expect(otherRunCanReserve(port)).toBe(true);
  });

  it("takes over the lock a dead run left behind", async () => {
    const [port] = (await reservePorts(1)) as [number];
    releasePorts([port]);
    // A finished process's pid stands for a run that was SIGKILLed with its locks in place.
    const deadPid = Number(
      execFileSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]),
    );
    writeFileSync(join(tmpdir(), "exlivekit-ports", String(port)), String(deadPid));
    expect(tryReservePort(port)).toBe(true);
    releasePorts([port]);
  });
});
