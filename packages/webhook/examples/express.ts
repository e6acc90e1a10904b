// Express: let the helper read the raw body. If the route must use a body parser, use
// express.raw({ type: "application/webhook+json" }), never express.json(): the signature covers the exact
// bytes LiveKit sent, which a JSON parser throws away.

import { isWebhookError, WebhookReceiver } from "@exlivekit/webhook";
import { receiveNodeRequest } from "@exlivekit/webhook/node";
import express from "express";

const receiver = new WebhookReceiver(); // LIVEKIT_WEBHOOK_API_KEY/SECRET, else LIVEKIT_API_KEY/SECRET

const app = express();

app.post("/livekit/webhook", async (req, res) => {
  try {
    const event = await receiveNodeRequest(receiver, req);
    if (event.event === "participant_joined") {
      console.log(`${event.participant?.identity} joined ${event.room?.name}`);
    }
    res.sendStatus(200);
  } catch (error) {
    if (!isWebhookError(error)) throw error;
    res.status(error.status).send(error.code);
  }
});

// The same with a raw-body parser mounted on the route:
app.post("/livekit/webhook-raw", express.raw({ type: "application/webhook+json" }), async (req, res) => {
  try {
    const event = await receiver.receive(req.body as Uint8Array, req.get("authorization"));
    res.status(200).send(event.id);
  } catch (error) {
    if (!isWebhookError(error)) throw error;
    res.status(error.status).send(error.code);
  }
});

app.listen(3000);
