// Hono (Cloudflare Workers, Bun, Deno, Node): c.req.raw is the web-standard Request, body untouched.

import { isWebhookError, WebhookReceiver } from "@exlivekit/webhook";
import { Hono } from "hono";

type Bindings = { LIVEKIT_API_KEY: string; LIVEKIT_API_SECRET: string };

const app = new Hono<{ Bindings: Bindings }>();

app.post("/livekit/webhook", async (c) => {
  const receiver = new WebhookReceiver({
    apiKey: c.env.LIVEKIT_API_KEY,
    apiSecret: c.env.LIVEKIT_API_SECRET,
  });
  try {
    const event = await receiver.receiveRequest(c.req.raw);
    if (event.event === "track_published") console.log(`${event.track?.source} published`);
    return c.body(null, 200);
  } catch (error) {
    if (!isWebhookError(error)) throw error;
    return c.text(error.code, error.status);
  }
});

export default app;
