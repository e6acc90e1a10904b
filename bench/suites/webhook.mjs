// webhook.receive: one signed participant_joined delivery (body string + Authorization header),
// checked and decoded in this process by @exlivekit/webhook (Node entry) and livekit-server-sdk, and the
// floor: the bare primitives for the same checks (lib/floors.mjs).
import { WebhookReceiver } from "@exlivekit/webhook";
import { WebhookReceiver as OfficialReceiver } from "livekit-server-sdk";
import { compareRounds } from "../lib/compare.mjs";
import { webhookFloor } from "../lib/floors.mjs";
import { opsPerSecond, wallAndCpu } from "../lib/ops-window.mjs";
import { apiKey, apiSecret, body, signDelivery } from "../lib/webhook-delivery.mjs";

/** Returns "webhook.receive" and "webhook.receive.cpu": name -> receives per second of each run. */
export async function webhookSuite({ windowMs, runs }) {
  const authorization = signDelivery(3600);
  const oursReceiver = new WebhookReceiver({ apiKey, apiSecret });
  const officialReceiver = new OfficialReceiver(apiKey, apiSecret);
  const floor = webhookFloor(apiSecret);
  const receive = {
    ours: () => oursReceiver.receive(body, authorization),
    official: () => officialReceiver.receive(body, authorization),
    floor: () => floor(body, authorization),
  };
  for (const [name, fn] of Object.entries(receive)) {
    const event = await fn();
    if (event.event !== "participant_joined" || event.participant?.identity !== "alice") {
      throw new Error(`webhook.receive ${name}: decoded the wrong event`);
    }
  }
  const windows = Object.fromEntries(
    Object.entries(receive).map(([name, fn]) => [name, () => opsPerSecond(fn, windowMs)]),
  );
  return wallAndCpu("webhook.receive", await compareRounds(windows, runs));
}
