// A Cloudflare Worker: POST /token mints a join token, POST /livekit/webhook verifies LiveKit's
// webhooks. Workers have no process.env: the credentials are bindings (`wrangler secret put ...`).
import { AccessToken } from "@exlivekit/token";
import { isWebhookError, WebhookReceiver } from "@exlivekit/webhook";

/** The Worker's bindings. */
export interface Env {
  LIVEKIT_API_KEY: string;
  LIVEKIT_API_SECRET: string;
}

// One receiver per isolate, built on the first webhook (bindings only exist inside fetch).
let receiver: WebhookReceiver | undefined;

async function mintToken(request: Request, env: Env): Promise<Response> {
  // Authenticate your user here before handing out a token.
  const body = (await request.json().catch(() => undefined)) as
    | { identity?: unknown; room?: unknown }
    | undefined;
  const identity = body?.identity;
  const room = body?.room;
  if (typeof identity !== "string" || identity === "" || typeof room !== "string" || room === "") {
    return Response.json({ error: "identity and room are required strings" }, { status: 400 });
  }
  const token = await new AccessToken({ apiKey: env.LIVEKIT_API_KEY, apiSecret: env.LIVEKIT_API_SECRET })
    .addIdentity(identity)
    .addTtl("10m")
    .addGrants({ roomJoin: true, room, canPublish: true, canSubscribe: true })
    .toJwt();
  return Response.json({ token });
}

async function receiveWebhook(request: Request, env: Env): Promise<Response> {
  receiver ??= new WebhookReceiver({ apiKey: env.LIVEKIT_API_KEY, apiSecret: env.LIVEKIT_API_SECRET });
  try {
    const event = await receiver.receiveRequest(request);
    // Store it, forward it to a queue, ...
    return Response.json({ received: event.event, room: event.room?.name ?? null });
  } catch (error) {
    if (!isWebhookError(error)) throw error;
    return new Response(error.code, { status: error.status });
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (request.method === "POST" && pathname === "/token") return mintToken(request, env);
    if (request.method === "POST" && pathname === "/livekit/webhook") return receiveWebhook(request, env);
    return new Response("not found", { status: 404 });
  },
};
