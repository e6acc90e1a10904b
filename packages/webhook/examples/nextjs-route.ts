// Next.js App Router: app/api/livekit/webhook/route.ts. A route handler gets a web-standard Request, so
// receiveRequest() reads and verifies the raw body itself. Works on the Node and the Edge runtime.
import { isWebhookError, WebhookReceiver } from "@exlivekit/webhook";

const receiver = new WebhookReceiver(); // LIVEKIT_WEBHOOK_API_KEY/SECRET, else LIVEKIT_API_KEY/SECRET

/** POST /api/livekit/webhook */
export async function POST(request: Request): Promise<Response> {
  try {
    const event = await receiver.receiveRequest(request);
    switch (event.event) {
      case "room_started":
        console.log(`room ${event.room?.name} started`);
        break;
      case "egress_ended":
        console.log(`egress ${event.egressInfo?.egressId} ended`);
        break;
    }
    return new Response(null, { status: 200 });
  } catch (error) {
    if (!isWebhookError(error)) throw error;
    return new Response(error.code, { status: error.status });
  }
}
