import "@exlivekit/livekit-stack/vitest";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Transport } from "@exlivekit/server-sdk";
import { fetchTransport } from "@exlivekit/transport-fetch";
import { undiciTransport } from "@exlivekit/transport-undici";
import { describe, expect, inject, it } from "vitest";
import { createBackend } from "../src/backend.mjs";

const server = inject("livekit");

async function runWith(transport: Transport, room: string) {
  const backend = createBackend({
    transport,
    host: server.url,
    apiKey: server.apiKey,
    apiSecret: server.apiSecret,
  });
  try {
    return await backend.runEvent(room);
  } finally {
    await backend.close();
  }
}

describe("the same backend code on both transports", () => {
  it("gives identical results against the real server", async () => {
    const room = `switch-${Date.now().toString(36)}`;
    const onUndici = await runWith(undiciTransport(), room);
    const onFetch = await runWith(fetchTransport(), room);
    expect(onFetch).toEqual(onUndici);
    // And the results are the real thing, not two empty answers.
    expect(onUndici).toEqual({
      created: { name: room, maxParticipants: 8, emptyTimeout: 120 },
      metadata: '{"topic":"standup"}',
      listed: [{ name: room, metadata: '{"topic":"standup"}', numParticipants: 0 }],
      participants: [],
      missingParticipant: { code: "not_found", status: 404 },
      afterDelete: 0,
    });
  });

  it("main.mjs runs as a script with the credentials from the environment", async () => {
    const cwd = fileURLToPath(new URL("..", import.meta.url));
    const env = {
      ...process.env,
      LIVEKIT_URL: server.url,
      LIVEKIT_API_KEY: server.apiKey,
      LIVEKIT_API_SECRET: server.apiSecret,
    };
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ["src/main.mjs"], {
        cwd,
        env,
        stdio: ["ignore", "pipe", "inherit"],
      });
      let out = "";
      child.stdout.on("data", (chunk) => {
        out += chunk;
      });
      child.on("error", reject);
      child.on("close", (exit) => resolve({ code: exit, stdout: out }));
    });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ metadata: '{"topic":"standup"}', afterDelete: 0 });
  });
});
