import { createHash } from "node:crypto";
import { AccessToken } from "@exlivekit/token";
import { expect } from "vitest";
import type { Ask, Send } from "./send.ts";

export const credentials = {
  apiKey: "APIwebhookRecipes",
  apiSecret: "webhook-recipes-secret-webhook-recipes-secret",
};

/** The environment (or the Worker's bindings) a recipe reads its credentials from. */
export const webhookEnv = {
  LIVEKIT_API_KEY: credentials.apiKey,
  LIVEKIT_API_SECRET: credentials.apiSecret,
};

const room =
  '"room":{"sid":"RM_q4kDr6hXwGjK","name":"standup","emptyTimeout":300,"creationTime":"1764079200"}';
const participant =
  '"participant":{"sid":"PA_8bXkQ2mNpLrT","identity":"ada","state":"ACTIVE","joinedAt":"1764079201"}';

/** Bodies shaped like the server's protojson (lowerCamel keys, int64 as strings), one per event a recipe logs. */
export const EVENTS = {
  room_started: `{"event":"room_started",${room},"id":"EV_started","createdAt":"1764079200"}`,
  room_finished: `{"event":"room_finished",${room},"id":"EV_finished","createdAt":"1764079500"}`,
  participant_joined: `{"event":"participant_joined",${room},${participant},"id":"EV_joined","createdAt":"1764079201"}`,
  track_published: `{"event":"track_published",${room},${participant},"track":{"sid":"TR_AMkF3vZ9","type":"AUDIO","source":"MICROPHONE"},"id":"EV_track","createdAt":"1764079202"}`,
} as const;
export type EventName = keyof typeof EVENTS;

/**
 * A delivery as livekit-server signs it: the bare JWT in Authorization, its `sha256` claim the base64
 * SHA-256 of the exact body, minted with @exlivekit/token (with `apiSecret` another secret, a forgery).
 */
export async function delivery(body: string, apiSecret = credentials.apiSecret): Promise<Ask> {
  const sha256 = createHash("sha256").update(body).digest("base64");
  const jwt = await new AccessToken({ apiKey: credentials.apiKey, apiSecret }).addSha256(sha256).toJwt();
  return {
    method: "POST",
    headers: { "content-type": "application/webhook+json", authorization: jwt },
    body,
  };
}

export interface Expectations {
  /** The event the recipe handles. */
  event: EventName;
  /** What its handler does with the decoded event: the line it logs, read from `output`... */
  logs?: { line: string; output: () => string };
  /** ...or the JSON it answers with. */
  answers?: unknown;
  /**
   * A framework's parser that reads the body before the handler (so before the token is checked) and
   * answers 413 itself past `cap`; `drains`: only once the whole upload has arrived (express.raw, whose
   * error goes to Express's handler, which drains the request first). Without it, the receiver reads the
   * body: not one byte before the token passes, and never past its 1 MiB.
   */
  parser?: { cap: number; drains?: boolean };
}

async function expectAnswer(response: Response, status: number, text: string | null): Promise<void> {
  const body = await response.text();
  expect(response.status, body).toBe(status);
  if (text !== null) expect(body).toBe(text);
}

/**
 * What every recipe must do with LiveKit's deliveries: refuse an unsigned, a forged and an edited one (401,
 * the handler never sees the event), hand an authentic one's decoded event to the handler, and answer 413
 * to an oversize body as soon as it passes the cap, declared or not. The uploads here never end, so only a
 * recipe that stops reading at its cap answers them, and only one that checks the token before reading
 * the body answers a forged one's.
 */
export async function expectWebhookEndpoint(
  send: Send,
  { event, logs, answers, parser }: Expectations,
): Promise<void> {
  const body = EVENTS[event];
  const authentic = await delivery(body);
  const unsigned = { ...authentic, headers: { "content-type": "application/webhook+json" } };
  await expectAnswer(await send(unsigned), 401, "missing_authorization");
  const forged = await delivery(body, "not-the-secret-not-the-secret-not-the-secret");
  await expectAnswer(await send(forged), 401, "bad_signature");
  const edited = { ...authentic, body: body.replace("standup", "standu2") };
  await expectAnswer(await send(edited), 401, "body_hash_mismatch");
  if (logs !== undefined) expect(logs.output()).not.toContain(logs.line);

  const ok = await send(authentic);
  const okText = await ok.text();
  expect(ok.status, okText).toBe(200);
  if (answers !== undefined) expect(JSON.parse(okText)).toEqual(answers);
  if (logs !== undefined) await expect.poll(logs.output, { timeout: 5000 }).toContain(logs.line);

  // Authentic tokens (the body is refused before its hash is checked).
  const tooLarge = parser === undefined ? "body_too_large" : null; // a parser answers with its own body
  if (parser?.drains) {
    await expectAnswer(await send({ ...authentic, body: " ".repeat(parser.cap + 1) }), 413, tooLarge);
    return;
  }
  const { body: _, ...oversize } = authentic;
  const declared = await send({ ...oversize, upload: { sent: 1024, declared: 10 << 20 } });
  await expectAnswer(declared, 413, tooLarge);
  const chunked = await send({ ...oversize, upload: { sent: (parser?.cap ?? 1024 * 1024) + 1 } });
  await expectAnswer(chunked, 413, tooLarge);
  if (parser === undefined) {
    const { body: __, ...unread } = forged;
    await expectAnswer(await send({ ...unread, upload: { sent: 1024 } }), 401, "bad_signature");
  }
}
