// Plain node:http: the helper reads the body (bounded by maxBodyBytes) and verifies it.
import { createServer } from "node:http";
import { isWebhookError, WebhookReceiver } from "@exlivekit/webhook";
import { receiveNodeRequest } from "@exlivekit/webhook/node";

const receiver = new WebhookReceiver({ keys: { APIcurrent: "…", APIprevious: "…" } }); // during rotation

createServer(async (req, res) => {
  try {
    const event = await receiveNodeRequest(receiver, req);
    console.log(event.event, event.createdAt);
    res.writeHead(200).end();
  } catch (error) {
    if (!isWebhookError(error)) throw error;
    res.writeHead(error.status).end(error.code);
  }
}).listen(3000, "127.0.0.1");
