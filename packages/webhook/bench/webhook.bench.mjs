// receive() throughput on Node: @exlivekit/webhook (node condition) against livekit-server-sdk's
// WebhookReceiver, same delivery, same process. Run: node bench/webhook.bench.mjs [seconds per subject]
import { WebhookReceiver } from "@exlivekit/webhook";
import { WebhookReceiver as ReferenceReceiver } from "livekit-server-sdk";
import { apiKey, apiSecret, body, signDelivery } from "./delivery.mjs";

const seconds = Number(process.argv[2] ?? 2);

const authorization = signDelivery(600);

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
