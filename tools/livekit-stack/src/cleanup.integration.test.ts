import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isAlive, twirp, uniqueRoom } from "../test/raw-twirp.ts";
import { isTcpPortInUse, isUdpPortInUse } from "./free-port.js";
import { releasePorts, tryReservePort } from "./reserved-ports.js";

const fixture = fileURLToPath(new URL("../test/hold-stack.mjs", import.meta.url));

interface Held {
  pids: number[];
  ports: number[];
  udpPort: number;
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

describe("dev-server CLI", () => {
  it.each(["SIGINT", "SIGTERM"] as const)(
    "prints the credentials and stops everything on %s",
    async (signal) => {
      const cli = fileURLToPath(new URL("../bin/dev-server.mjs", import.meta.url));
      const child = spawn(process.execPath, [cli], { stdio: ["ignore", "pipe", "inherit"] });
      const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
      const printed = new Map<string, string>();
      const lines = createInterface({ input: child.stdout });
      await new Promise<void>((resolve, reject) => {
        lines.on("line", (line) => {
          const match = /^(LIVEKIT_\w+)=(.*)$/.exec(line);
          if (match) printed.set(match[1]!, match[2]!);
          if (line.startsWith("# Ctrl-C")) resolve();
        });
        child.once("close", (code) => reject(new Error(`dev-server exited early (${code})`)));
      });
      const wsUrl = printed.get("LIVEKIT_URL") ?? "";
      expect(wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
      expect(printed.get("LIVEKIT_API_SECRET")?.length).toBeGreaterThanOrEqual(32);
      const httpUrl = wsUrl.replace(/^ws/, "http");
      expect((await fetch(`${httpUrl}/`)).status).toBe(200);

      child.kill(signal);
      expect(await exited).toBe(0);
      expect(await isTcpPortInUse(Number(new URL(httpUrl).port))).toBe(false);
    },
    30_000,
  );

  it("--nodes 2 prints both nodes in LIVEKIT_URL, serves one cluster and stops both", async () => {
    const cli = fileURLToPath(new URL("../bin/dev-server.mjs", import.meta.url));
    const child = spawn(process.execPath, [cli, "--nodes", "2"], { stdio: ["ignore", "pipe", "inherit"] });
    const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
    const printed = new Map<string, string>();
    const rtcPorts: number[] = [];
    const lines = createInterface({ input: child.stdout });
    await new Promise<void>((resolve, reject) => {
      lines.on("line", (line) => {
        const match = /^(LIVEKIT_\w+)=(.*)$/.exec(line);
        if (match) printed.set(match[1]!, match[2]!);
        const rtc = /RTC TCP (\d+), RTC UDP (\d+)/.exec(line);
        if (rtc) rtcPorts.push(Number(rtc[1]), Number(rtc[2]));
        if (line.startsWith("# Ctrl-C")) resolve();
      });
      child.once("close", (code) => reject(new Error(`dev-server exited early (${code})`)));
    });
    const urls = (printed.get("LIVEKIT_URL") ?? "").split(",");
    expect(urls).toHaveLength(2);
    const ports = urls.map((url) => Number(new URL(url).port));
    expect(new Set(ports).size).toBe(2);
    expect(rtcPorts).toHaveLength(4);
    // One cluster with the printed keys: a room created through node 1 is listed through node 2.
    const keys = {
      apiKey: printed.get("LIVEKIT_API_KEY") ?? "",
      apiSecret: printed.get("LIVEKIT_API_SECRET") ?? "",
    };
    const [one, two] = ports.map((port) => ({ ...keys, url: `http://127.0.0.1:${port}` }));
    const room = uniqueRoom("dev-cluster");
    expect((await twirp(one!, "CreateRoom", { name: room }, { roomCreate: true })).status).toBe(200);
    const listed = await twirp(two!, "ListRooms", { names: [room] }, { roomList: true });
    expect(listed.json["rooms"]).toHaveLength(1);

    child.kill("SIGINT");
    expect(await exited).toBe(0);
    for (const port of [...ports, rtcPorts[0]!, rtcPorts[2]!])
      expect(await isTcpPortInUse(port), `TCP port ${port}`).toBe(false);
    for (const port of [rtcPorts[1]!, rtcPorts[3]!])
      expect(await isUdpPortInUse(port), `UDP port ${port}`).toBe(false);
    // Its reservations went with it: another run may take these ports now.
    for (const port of [...ports, ...rtcPorts]) {
      expect(tryReservePort(port), `port ${port}`).toBe(true);
      releasePorts([port]);
    }
  }, 60_000);

  it("rejects a bad --nodes with a message", async () => {
    const cli = fileURLToPath(new URL("../bin/dev-server.mjs", import.meta.url));
    const child = spawn(process.execPath, [cli, "--nodes", "zero"], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
    expect(code).toBe(1);
    expect(stderr).toContain("--nodes takes 1 to 16");
  });
});
