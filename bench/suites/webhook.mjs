// webhook.receive: one signed participant_joined delivery (body string + Authorization header),
// checked and decoded in this process by @exlivekit/webhook (Node entry) and livekit-server-sdk.
import { createHash, createHmac } from "node:crypto";
import { WebhookReceiver } from "@exlivekit/webhook";
import { WebhookReceiver as OfficialReceiver } from "livekit-server-sdk";
import { compareRounds } from "../lib/compare.mjs";
import { opsPerSecond } from "../lib/ops-window.mjs";

const apiKey = "APIbench";
const apiSecret = "bench-secret-0123456789-0123456789-abcdef";

/** A body shaped like the server's protojson for participant_joined. */
const body = JSON.stringify({
  event: "participant_joined",
  room: {
    sid: "RM_q4kDr6hXwGjK",
    name: "standup",
    emptyTimeout: 300,
    departureTimeout: 20,
    creationTime: "1764079200",
    creationTimeMs: "1764079200123",
    numParticipants: 1,
  },
  participant: {
    sid: "PA_8kQw2",
    identity: "alice",
    state: "ACTIVE",
    joinedAt: "1764079201",
    joinedAtMs: "1764079201456",
    name: "Alice",
    version: 2,
    permission: { canSubscribe: true, canPublish: true, canPublishData: true },
    isPublisher: false,
  },
  id: "EV_3yQpX9aBcDeF",
  createdAt: "1764079201",
});

/** The Authorization header the server sends: an HS256 JWT carrying the body's SHA-256. */
function sign() {
  const b64url = (s) => Buffer.from(s).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: apiKey,
    nbf: now,
    iat: now,
    exp: now + 3600,
    sha256: createHash("sha256").update(body).digest("base64"),
  };
  const input = `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${createHmac("sha256", apiSecret).update(input).digest("base64url")}`;
}

/** Returns { "webhook.receive" }: name -> receives per second of each run. */
export async function webhookSuite({ windowMs, runs }) {
  const authorization = sign();
  const oursReceiver = new WebhookReceiver({ apiKey, apiSecret });
  const officialReceiver = new OfficialReceiver(apiKey, apiSecret);
  const receive = {
    ours: () => oursReceiver.receive(body, authorization),
    official: () => officialReceiver.receive(body, authorization),
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
  return { "webhook.receive": await compareRounds(windows, runs) };
}
