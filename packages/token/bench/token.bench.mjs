// Throughput of minting and verifying a typical join token on Node: this package's node and web
// entries against livekit-server-sdk's AccessToken / TokenVerifier, in one run. Plain script, not a test:
//   pnpm --filter @exlivekit/token build && node packages/token/bench/token.bench.mjs
import { AccessToken as OfficialAccessToken, TokenVerifier } from "livekit-server-sdk";
import * as webEntry from "../dist/index.js";
import * as nodeEntry from "../dist/index.node.js";

const apiKey = "APIbenchkey";
const apiSecret = "bench-secret-bench-secret-bench-secret-0123";
const DURATION_MS = Number(process.env.BENCH_MS ?? 600);
const grant = { roomJoin: true, room: "bench-room", canPublish: true, canSubscribe: true };

/**
 * Runs `fn` in batches until DURATION_MS of wall time has passed (after a warm-up) and returns operations
 * per second of this process's CPU time (user + system, all threads, so GC counts). CPU time, unlike
 * wall time, does not count the moments another process holds the core, so figures from a busy, shared
 * machine stay comparable.
 */
async function rate(fn) {
  const batch = 200;
  for (let i = 0; i < 2000; i++) await fn(i);
  let ops = 0;
  let n = 0;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  while (performance.now() - start < DURATION_MS) {
    for (let i = 0; i < batch; i++) await fn(n++);
    ops += batch;
  }
  const cpu = process.cpuUsage(cpuStart);
  return (ops / (cpu.user + cpu.system)) * 1e6;
}

const mint = {
  "@exlivekit/token (node)": (i) =>
    new nodeEntry.AccessToken({ apiKey, apiSecret })
      .addIdentity(`user-${i}`)
      .addName("Bench")
      .addGrants(grant)
      .toJwt(),
  "@exlivekit/token (web)": (i) =>
    new webEntry.AccessToken({ apiKey, apiSecret })
      .addIdentity(`user-${i}`)
      .addName("Bench")
      .addGrants(grant)
      .toJwt(),
  "livekit-server-sdk": (i) => {
    const token = new OfficialAccessToken(apiKey, apiSecret, {
      identity: `user-${i}`,
      name: "Bench",
      ttl: 3600,
    });
    token.addGrant(grant);
    return token.toJwt();
  },
};

// Distinct tokens (one per identity), minted by the official SDK so no verifier sees its own layout.
const POOL = 1024;
const samples = [];
for (let i = 0; i < POOL; i++) samples.push(await mint["livekit-server-sdk"](i));
const official = new TokenVerifier(apiKey, apiSecret);
const creds = { apiKey, apiSecret };
const verify = {
  "@exlivekit/token (node)": (i) => nodeEntry.verifyToken(samples[i % POOL], creds),
  "@exlivekit/token (web)": (i) => webEntry.verifyToken(samples[i % POOL], creds),
  "livekit-server-sdk": (i) => official.verify(samples[i % POOL]),
};

// Contenders take turns (round-robin) so that load from other processes hits them alike; each figure is
// the best of ROUNDS turns, the least disturbed one.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const results = {};
for (const [what, fns] of [
  ["mint", mint],
  ["verify", verify],
]) {
  results[what] = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, fn] of Object.entries(fns)) {
      results[what][name] = Math.max(results[what][name] ?? 0, await rate(fn));
    }
  }
}

console.log(
  `Node ${process.version}; operations per CPU-second, best of ${ROUNDS} interleaved runs of ${DURATION_MS} ms`,
);
for (const [what, byName] of Object.entries(results)) {
  const base = byName["livekit-server-sdk"];
  for (const [name, perSecond] of Object.entries(byName)) {
    const ratio = (perSecond / base).toFixed(1);
    console.log(
      `${what.padEnd(7)} ${name.padEnd(26)} ${Math.round(perSecond).toLocaleString("en-US").padStart(10)} /s  ${ratio}x`,
    );
  }
}
