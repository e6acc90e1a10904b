// Bundled with esbuild from the package's default (web-standard) entry and run inside each runtime.
import { isWebhookError, WebhookReceiver } from "../../src/index.ts";

/** A genuine delivery and two forgeries, produced by the test in Node. */
export interface RuntimeInput {
  apiKey: string;
  apiSecret: string;
  body: string;
  authorization: string;
  wrongSecretAuthorization: string;
}

async function codeOf(attempt: () => Promise<unknown>): Promise<string> {
  try {
    await attempt();
    return "accepted";
  } catch (error) {
    return isWebhookError(error) ? error.code : `untyped: ${String(error)}`;
  }
}

/** What the test compares across runtimes. */
export async function runReceive(input: RuntimeInput) {
  const receiver = new WebhookReceiver({ apiKey: input.apiKey, apiSecret: input.apiSecret });
  const event = await receiver.receive(input.body, input.authorization);
  const fromBytes = await receiver.receive(
    new TextEncoder().encode(input.body),
    `Bearer ${input.authorization}`,
  );
  const request = new Request("http://127.0.0.1/hook", {
    method: "POST",
    body: input.body,
    headers: { authorization: input.authorization, "content-type": "application/webhook+json" },
  });
  const fromRequest = await receiver.receiveRequest(request);
  return {
    event: event.event,
    room: event.room?.name,
    createdAt: String(event.createdAt),
    fromBytes: fromBytes.id,
    fromRequest: fromRequest.room?.sid,
    forgedSignature: await codeOf(() => receiver.receive(input.body, input.wrongSecretAuthorization)),
    tamperedBody: await codeOf(() =>
      receiver.receive(input.body.replace("standup", "standupX"), input.authorization),
    ),
    missingHeader: await codeOf(() => receiver.receive(input.body, undefined)),
  };
}
