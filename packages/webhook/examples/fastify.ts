// Fastify answers 415 to LiveKit's `application/webhook+json` until a parser is registered: register one
// that keeps the raw Buffer, then hand it to receive().

import { isWebhookError, WebhookReceiver } from "@exlivekit/webhook";
import Fastify from "fastify";

const receiver = new WebhookReceiver({
  apiKey: process.env["LIVEKIT_API_KEY"] ?? "",
  apiSecret: process.env["LIVEKIT_API_SECRET"] ?? "",
});

const app = Fastify();

app.addContentTypeParser("application/webhook+json", { parseAs: "buffer" }, (_request, body, done) => {
  done(null, body);
});

app.post("/livekit/webhook", async (request, reply) => {
  try {
    const event = await receiver.receive(request.body as Buffer, request.headers.authorization);
    if (event.event === "room_finished") console.log(`room ${event.room?.name} finished`);
    return reply.code(200).send();
  } catch (error) {
    if (!isWebhookError(error)) throw error;
    return reply.code(error.status).send(error.code);
  }
});

await app.listen({ port: 3000 });
