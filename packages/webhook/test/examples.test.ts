import { describe, expect, it } from "vitest";
import { apiKey, apiSecret, roomStartedBody, signDelivery } from "./sign.ts";

const hook = (authorization?: string, body = roomStartedBody) =>
  new Request("http://127.0.0.1/api/livekit/webhook", {
    method: "POST",
    body,
    headers: { "content-type": "application/webhook+json", ...(authorization ? { authorization } : {}) },
  });

describe("the web-standard examples answer real requests", () => {
  it("Next.js route handler", async () => {
    process.env["LIVEKIT_WEBHOOK_API_KEY"] = apiKey;
    process.env["LIVEKIT_WEBHOOK_API_SECRET"] = apiSecret;
    const { POST } = await import("../examples/nextjs-route.ts");
    expect((await POST(hook(signDelivery(roomStartedBody)))).status).toBe(200);
    const forged = await POST(hook(signDelivery(roomStartedBody, { secret: "x".repeat(40) })));
    expect([forged.status, await forged.text()]).toEqual([401, "bad_signature"]);
  });

  it("Cloudflare Worker", async () => {
    const worker = (await import("../examples/cloudflare-worker.ts")).default;
    const env = { LIVEKIT_API_KEY: apiKey, LIVEKIT_API_SECRET: apiSecret };
    const ok = await worker.fetch(hook(signDelivery(roomStartedBody)), env);
    expect(await ok.json()).toEqual({ received: "room_started", id: "EV_3yQpX9aBcDeF" });
    const unsigned = await worker.fetch(hook(), env);
    expect([unsigned.status, await unsigned.text()]).toEqual([401, "missing_authorization"]);
  });
});
