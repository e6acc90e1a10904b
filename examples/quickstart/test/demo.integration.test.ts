import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { startStack } from "@exlivekit/livekit-stack";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));

/** Runs `node scripts/demo.mjs` as `pnpm demo` does after its build step. */
function runDemo(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["scripts/demo.mjs"], { cwd: root, env, stdio: "pipe" });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 150_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The environment without any LIVEKIT_* variable, so the demo starts its own local stack. */
function withoutLiveKitEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("LIVEKIT_")));
}

const expectedSteps = [
  "build livekit-server (first run only)",
  "start livekit-server + Redis",
  "mint a join token (AccessToken)",
  "verify it locally (verifyToken)",
  "server validates it (GET /rtc/validate)",
  "create a room with options",
  "webhook room_started received and verified",
  "list rooms",
  "update room metadata",
  "ingress: create, list, update, delete",
  "egress: list",
  "a participant joins (WebRTC)",
  "list participants",
  "get participant",
  "update participant",
  "remove participant",
  "create an agent dispatch",
  "delete the room",
  "webhook room_finished received and verified",
];

describe("pnpm demo", () => {
  it("walks the whole story against a local server, every step ok, and exits 0", async () => {
    const { code, stdout, stderr } = await runDemo(withoutLiveKitEnv());
    expect(stdout, stderr).toContain("starting a local livekit-server");
    expect(stdout).toMatch(/build livekit-server \(first run only\)\s+ok\s+\d+ ms\s+cached in \S+livekit-v/);
    expectedSteps.forEach((name, index) => {
      const line = new RegExp(
        `^\\s*${index + 1}\\. ${name.replace(/[()+]/g, "\\$&")}\\s+ok\\s+\\d+ ms\\s+\\S`,
        "m",
      );
      expect(stdout).toMatch(line);
    });
    expect(stdout).not.toMatch(/\bFAIL\b/);
    expect(stdout).toMatch(new RegExp(`All ${expectedSteps.length} steps passed in \\d+ ms\\.`));
    expect(stdout).toMatch(/HTTP 200/);
    expect(stdout).toMatch(/event=room_started/);
    expect(stdout).toMatch(/event=room_finished/);
    // No token is ever printed: a JWT starts with the base64 of '{"alg"' = eyJhbGci.
    expect(stdout + stderr).not.toContain("eyJ");
    expect(code).toBe(0);
  });

  it("uses LIVEKIT_URL / LIVEKIT_API_KEY / LIVEKIT_API_SECRET when set, webhooks on DEMO_WEBHOOK_PORT", async () => {
    const port = await freePort();
    const stack = await startStack({
      redis: true,
      webhookUrls: [`http://127.0.0.1:${port}/livekit/webhook`],
    });
    try {
      const { code, stdout, stderr } = await runDemo({
        ...withoutLiveKitEnv(),
        LIVEKIT_URL: stack.wsUrl,
        LIVEKIT_API_KEY: stack.apiKey,
        LIVEKIT_API_SECRET: stack.apiSecret,
        DEMO_WEBHOOK_PORT: String(port),
      });
      expect(stdout, stderr).toContain(`Using the LiveKit server at ${stack.wsUrl}`);
      expect(stdout).not.toContain("start livekit-server");
      expect(stdout).not.toContain("build livekit-server");
      expect(stdout).toMatch(/webhook room_finished received and verified\s+ok/);
      expect(stdout).toMatch(new RegExp(`All ${expectedSteps.length - 2} steps passed in \\d+ ms\\.`));
      expect(stdout + stderr).not.toContain(stack.apiSecret);
      expect(code).toBe(0);
    } finally {
      await stack.stop();
    }
  });

  it("exits non-zero and says why when the configured server is unreachable", async () => {
    const env = {
      ...withoutLiveKitEnv(),
      LIVEKIT_URL: "http://127.0.0.1:9",
      LIVEKIT_API_KEY: "APIdemo",
      LIVEKIT_API_SECRET: "a-secret-of-at-least-thirty-two-chars",
    };
    const { code, stdout } = await runDemo(env);
    expect(stdout).toContain("Using the LiveKit server at http://127.0.0.1:9");
    expect(stdout).toMatch(/server validates it \(GET \/rtc\/validate\)\s+FAIL/);
    expect(stdout).toMatch(/^Demo failed: /m);
    expect(stdout).not.toContain("a-secret-of-at-least-thirty-two-chars");
    expect(code).toBe(1);
  });
});

/** A TCP port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address !== null ? resolve(address.port) : reject(),
      );
    });
  });
}
