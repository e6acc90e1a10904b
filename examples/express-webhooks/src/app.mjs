// @ts-check
// An Express backend for a LiveKit app: it hands out join tokens and receives the server's webhooks.
import { AccessToken } from "@exlivekit/token";
import { isWebhookError, WebhookReceiver } from "@exlivekit/webhook";
import express from "express";

/** @typedef {import("@exlivekit/webhook").WebhookEvent} WebhookEvent */

/**
 * @param {object} options
 * @param {string} options.apiKey the LiveKit API key (also the server's webhook.api_key)
 * @param {string} options.apiSecret its secret
 * @param {(event: WebhookEvent) => void | Promise<void>} options.onEvent what the backend does with a verified event
 * @returns {import("express").Express}
 */
export function createApp({ apiKey, apiSecret, onEvent }) {
  const receiver = new WebhookReceiver({ apiKey, apiSecret });
  const app = express();

  // A join token for the browser. (Authenticate your user before this in a real app.)
  app.post("/token", express.json(), async (req, res) => {
    const { identity, room } = req.body ?? {};
    if (typeof identity !== "string" || typeof room !== "string" || identity === "" || room === "") {
      res.status(400).json({ error: "identity and room are required strings" });
      return;
    }
    const token = await new AccessToken({ apiKey, apiSecret })
      .addIdentity(identity)
      .addGrants({ roomJoin: true, room, canPublish: true, canSubscribe: true })
      .toJwt();
    res.json({ token });
  });

  // The signature covers the exact bytes the server sent: take the body raw, never through express.json().
  app.post("/livekit/webhook", express.raw({ type: "application/webhook+json" }), async (req, res) => {
    try {
      const event = await receiver.receive(req.body, req.get("authorization"));
      await onEvent(event);
      res.sendStatus(200);
    } catch (error) {
      if (!isWebhookError(error)) throw error;
      res.status(error.status).send(error.code);
    }
  });

  return app;
}
