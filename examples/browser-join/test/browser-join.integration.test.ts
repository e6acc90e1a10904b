import { type Stack, startStack } from "@exlivekit/livekit-stack";
import { TrackSource } from "@exlivekit/protocol";
import { AgentDispatchService, Client, RoomService } from "@exlivekit/server-sdk";
import { undiciTransport } from "@exlivekit/transport-undici";
import type { Browser, Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBrowserJoin } from "../src/app.mjs";
import { launchChromium } from "./chromium.ts";

let stack: Stack;
let app: Awaited<ReturnType<typeof startBrowserJoin>>;
let client: Client;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack({ redis: true });
  app = await startBrowserJoin({ serverUrl: stack.wsUrl, apiKey: stack.apiKey, apiSecret: stack.apiSecret });
  client = new Client({
    host: stack.url,
    apiKey: stack.apiKey,
    apiSecret: stack.apiSecret,
    transport: undiciTransport(),
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await client?.close();
  await app?.stop();
  await stack?.stop();
});

/** Opens the page, fills the form like a user and returns the status line once it settles. */
async function joinFromPage(fields: {
  room: string;
  name: string;
  agent?: string;
}): Promise<{ page: Page; status: string }> {
  const page = await browser.newPage();
  await page.goto(app.url);
  for (const [id, value] of Object.entries({
    room: fields.room,
    name: fields.name,
    agent: fields.agent ?? "",
  })) {
    await page.$eval(
      `#${id}`,
      (input, text) => {
        (input as HTMLInputElement).value = text;
      },
      value,
    );
  }
  await page.click("button[type=submit]");
  await page.waitForFunction(
    () => /^(joined|failed)/.test(document.getElementById("status")?.textContent ?? ""),
    {
      timeout: 45_000,
    },
  );
  const status = await page.$eval("#status", (element) => element.textContent ?? "");
  return { page, status };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("livekit-client in chromium, with TokenSource.endpoint on our token endpoint", () => {
  it("joins, publishes a fake camera, and the server lists the participant with its video track", async () => {
    const room = `browser-${Date.now().toString(36)}`;
    const { page, status } = await joinFromPage({ room, name: "Ada in Chromium" });
    try {
      expect(status).toMatch(new RegExp(`^joined ${room} as guest-[0-9a-f]{8} with camera$`));
      const identity = status.split(" as ")[1]!.replace(" with camera", "");
      const participant = await waitFor("the camera track on the server", async () => {
        const participants = await RoomService.listParticipants(client, room);
        const found = participants.find((p) => p.identity === identity);
        return found?.tracks.some((t) => t.source === TrackSource.CAMERA) ? found : undefined;
      });
      // What the policy put in the token: the session's identity, the typed name; the room asked for.
      expect(participant.name).toBe("Ada in Chromium");
      expect(participant.permission?.canPublish).toBe(true);
    } finally {
      await page.close();
    }
  });

  it("dispatches the agent the policy allows through room_config, and refuses another", async () => {
    const room = `browser-agent-${Date.now().toString(36)}`;
    const { page, status } = await joinFromPage({ room, name: "Bo", agent: "demo-agent" });
    try {
      expect(status).toMatch(/^joined .* with camera$/);
      const dispatches = await waitFor("the agent dispatch", async () => {
        const list = await AgentDispatchService.listDispatch(client, room);
        return list.length > 0 ? list : undefined;
      });
      expect(dispatches.map((d) => d.agentName)).toEqual(["demo-agent"]);
    } finally {
      await page.close();
    }
    const refused = await joinFromPage({ room: `${room}-x`, name: "Eve", agent: "root-shell" });
    try {
      expect(refused.status).toMatch(/^failed: .*403.*agents you may dispatch: demo-agent/);
      expect(await RoomService.listRooms(client, { names: [`${room}-x`] })).toEqual([]);
    } finally {
      await refused.page.close();
    }
  });
});
