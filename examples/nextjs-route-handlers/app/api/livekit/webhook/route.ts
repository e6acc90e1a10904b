// app/api/livekit/webhook/route.ts: LiveKit posts its webhooks here. The receiver reads
// LIVEKIT_WEBHOOK_API_KEY / LIVEKIT_WEBHOOK_API_SECRET, else LIVEKIT_API_KEY / LIVEKIT_API_SECRET.
import { isWebhookError, WebhookReceiver } from "@exlivekit/webhook";

const receiver = new WebhookReceiver();

export async function POST(request: Request): Promise<Response> {
  try {
    // Reads the untouched body: never call request.json() first, the signature covers the exact bytes.
    const event = await receiver.receiveRequest(request);
    switch (event.event) {
      case "room_started":
      case "room_finished":
        // Update your database, notify users, ...
        break;
      default:
        break;
    }
    return Response.json({ received: event.event, id: event.id });
  } catch (error) {
    if (!isWebhookError(error)) throw error;
    return new Response(error.code, { status: error.status });
  }
}
