// Cloudflare Worker: secrets arrive in `env`, not process.env, so pass them explicitly.
import { isWebhookError, WebhookReceiver } from "@exlivekit/webhook";

/** Worker bindings (wrangler secrets). */
export interface Env {
  LIVEKIT_API_KEY: string;
  LIVEKIT_API_SECRET: string;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    if (request.method !== "POST") return new Response(null, { status: 405 });
    const receiver = new WebhookReceiver({ apiKey: env.LIVEKIT_API_KEY, apiSecret: env.LIVEKIT_API_SECRET });
    try {
      const event = await receiver.receiveRequest(request);
      return Response.json({ received: event.event, id: event.id });
    } catch (error) {
      if (!isWebhookError(error)) throw error;
      return new Response(error.code, { status: error.status });
    }
  },
};
