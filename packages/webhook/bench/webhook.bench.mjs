// receive() throughput on Node: @exlivekit/webhook (node condition) against livekit-server-sdk's
// WebhookReceiver, same delivery, same process. Run: node bench/webhook.bench.mjs [seconds per subject]
import { createHash, createHmac } from "node:crypto";
import { WebhookReceiver } from "@exlivekit/webhook";
import { WebhookReceiver as ReferenceReceiver } from "livekit-server-sdk";

const apiKey = "APIbench";
const apiSecret = "bench-secret-0123456789-0123456789-abcdef";
const seconds = Number(process.argv[2] ?? 2);

// A participant_joined body shaped like the server's protojson.
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
const b64url = (s) => Buffer.from(s).toString("base64url");
const now = Math.floor(Date.now() / 1000);
const input = `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(
  JSON.stringify({
    iss: apiKey,
    nbf: now,
    iat: now,
    exp: now + 600,
    sha256: createHash("sha256").update(body).digest("base64"),
  }),
)}`;
const authorization = `${input}.${createHmac("sha256", apiSecret).update(input).digest("base64url")}`;

const ours = new WebhookReceiver({ apiKey, apiSecret });
const reference = new ReferenceReceiver(apiKey, apiSecret);
const subjects = {
  "@exlivekit/webhook": () => ours.receive(body, authorization),
  "livekit-server-sdk": () => reference.receive(body, authorization),
};

for (const [name, receive] of Object.entries(subjects)) {
  const event = await receive();
  if (event.event !== "participant_joined" || event.participant?.identity !== "alice") {
    throw new Error(`${name} decoded the wrong event`);
  }
}

async function round(receive, ms) {
  const end = performance.now() + ms;
  let count = 0;
  const start = performance.now();
  while (performance.now() < end) {
    for (let i = 0; i < 100; i++) await receive();
    count += 100;
  }
  return count / ((performance.now() - start) / 1000);
}

// Warm up both, then interleave many short rounds so load changes on a shared machine hit both alike;
// report the median round of each.
for (const receive of Object.values(subjects)) await round(receive, 500);
const rates = Object.fromEntries(Object.keys(subjects).map((name) => [name, []]));
const rounds = Math.max(4, Math.round((seconds * 1000) / 200));
for (let r = 0; r < rounds; r++) {
  for (const [name, receive] of Object.entries(subjects)) rates[name].push(await round(receive, 200));
}
const median = (values) => values.sort((a, b) => a - b)[values.length >> 1];
const best = Object.fromEntries(Object.entries(rates).map(([name, values]) => [name, median(values)]));

const [oursRate, refRate] = [best["@exlivekit/webhook"], best["livekit-server-sdk"]];
console.log(
  `node ${process.version}, ${body.length}-byte body, median of ${rounds} interleaved 200 ms rounds`,
);
for (const [name, rate] of Object.entries(best)) {
  const perSecond = Math.round(rate).toLocaleString("en-US").padStart(9);
  console.log(`${name.padEnd(20)} ${perSecond} receive/s  ${(1e6 / rate).toFixed(1)} µs`);
}
console.log(`speed-up: ${(oursRate / refRate).toFixed(1)}x`);
