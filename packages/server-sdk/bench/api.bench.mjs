#!/usr/bin/env node
// Benchmark of ListRooms and CreateRoom: calls/s and p50/p99 latency at concurrency 1 and 64.
// Clients: ours over undici and over fetch, livekit-server-sdk's RoomServiceClient, and raw
// `undici.request` as the floor. Targets: (a) a minimal local Twirp responder in a child process
// (client overhead alone), (b) the real livekit-server started with the harness's startStack.
//
// Options: --quick (fewer calls), --no-real (local responder only), --rounds=N (default 3).
// Usage: pnpm --filter @exlivekit/server-sdk build && pnpm --filter @exlivekit/transport-undici build &&
//        pnpm --filter @exlivekit/transport-fetch build && node packages/server-sdk/bench/api.bench.mjs [--quick] [--no-real]
// A script, not a test: it prints a table. Every loop is bounded by a fixed call count.
import { fork } from "node:child_process";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { create, toBinary, toJson } from "@bufbuild/protobuf";
import { RoomSchema } from "@exlivekit/protocol/models";
import { ListRoomsResponseSchema } from "@exlivekit/protocol/room";

const API_KEY = "benchkey";
const ROUNDS = Number(process.argv.find((a) => a.startsWith("--rounds="))?.slice(9) ?? 3);
const API_SECRET = "bench-secret-bench-secret-bench-secret-1234";

// ---------------------------------------------------------------- responder (child process)
if (process.argv[2] === "--responder") {
  const room = (i) =>
    create(RoomSchema, {
      sid: `RM_${i}`,
      name: `room-${i}`,
      emptyTimeout: 300,
      maxParticipants: 10,
      creationTime: 1700000000n + BigInt(i),
      metadata: "m",
    });
  const list = create(ListRoomsResponseSchema, { rooms: [room(1), room(2), room(3)] });
  const bodies = {
    ListRooms: {
      bin: toBinary(ListRoomsResponseSchema, list),
      json: JSON.stringify(toJson(ListRoomsResponseSchema, list)),
    },
    CreateRoom: { bin: toBinary(RoomSchema, room(0)), json: JSON.stringify(toJson(RoomSchema, room(0))) },
  };
  const server = createServer((req, res) => {
    const method = req.url.slice(req.url.lastIndexOf("/") + 1);
    req.on("data", () => {});
    req.on("end", () => {
      const b = bodies[method];
      if (!b) {
        res.writeHead(404, { "content-type": "application/json" });
        return res.end('{"code":"bad_route","msg":"no"}');
      }
      const json = (req.headers["content-type"] ?? "").startsWith("application/json");
      const body = json ? b.json : b.bin;
      res.writeHead(200, {
        "content-type": json ? "application/json" : "application/protobuf",
        "content-length": Buffer.byteLength(body),
      });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));
  process.on("disconnect", () => process.exit(0));
} else {
  await main();
}

// ---------------------------------------------------------------- measurement
async function run(fn, total, concurrency) {
  const lat = new Float64Array(total);
  let next = 0;
  const start = performance.now();
  async function worker() {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      await fn(i);
      lat[i] = performance.now() - t0;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - start;
  lat.sort();
  const q = (p) => lat[Math.min(total - 1, Math.floor(total * p))];
  return { rps: (total * 1000) / elapsed, p50: q(0.5), p99: q(0.99) };
}

function fmt(n, digits = 0) {
  return n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

async function main() {
  const quick = process.argv.includes("--quick");
  const noReal = process.argv.includes("--no-real");
  const here = fileURLToPath(new URL(".", import.meta.url));
  const sdk = await import(`${here}../dist/index.js`);
  const { undiciTransport } = await import(`${here}../../transport-undici/dist/index.js`);
  const { fetchTransport } = await import(`${here}../../transport-fetch/dist/index.js`);
  const { RoomServiceClient } = await import("livekit-server-sdk");
  const undici = await import("undici");
  const { AccessToken } = await import("@exlivekit/token");

  const child = fork(fileURLToPath(import.meta.url), ["--responder"], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const port = await new Promise((resolve) => child.once("message", (m) => resolve(m.port)));
  const targets = [
    { label: "local responder", url: `http://127.0.0.1:${port}`, apiKey: API_KEY, apiSecret: API_SECRET },
  ];

  let stack;
  if (!noReal) {
    try {
      const harness = await import("@exlivekit/livekit-stack");
      stack = await harness.startStack({ redis: false });
      targets.push({
        label: "livekit-server",
        url: stack.url,
        apiKey: stack.apiKey,
        apiSecret: stack.apiSecret,
      });
    } catch (error) {
      console.error(`(real server skipped: ${error instanceof Error ? error.message : error})`);
    }
  }

  const rows = [];
  try {
    for (const target of targets) {
      const real = target.label === "livekit-server";
      const ours = (transport) =>
        new sdk.Client({ host: target.url, apiKey: target.apiKey, apiSecret: target.apiSecret, transport });
      const oursUndici = ours(undiciTransport());
      const oursFetch = ours(fetchTransport());
      const official = new RoomServiceClient(target.url, target.apiKey, target.apiSecret);
      const agent = new undici.Agent({ connections: 50, keepAliveTimeout: 4_000 });
      const rawAuth = {
        ListRooms: `Bearer ${await new AccessToken({ apiKey: target.apiKey, apiSecret: target.apiSecret }).addGrants({ roomList: true }).addTtl(600).toJwt()}`,
        CreateRoom: `Bearer ${await new AccessToken({ apiKey: target.apiKey, apiSecret: target.apiSecret }).addGrants({ roomCreate: true }).addTtl(600).toJwt()}`,
      };
      const { CreateRoomRequestSchema, ListRoomsRequestSchema } = await import("@exlivekit/protocol/room");
      const rawBody = {
        ListRooms: toBinary(ListRoomsRequestSchema, create(ListRoomsRequestSchema, {})),
        CreateRoom: toBinary(
          CreateRoomRequestSchema,
          create(CreateRoomRequestSchema, { name: "bench-room-0" }),
        ),
      };
      const raw = (method) => async () => {
        const res = await undici.request(`${target.url}/twirp/livekit.RoomService/${method}`, {
          method: "POST",
          dispatcher: agent,
          headers: { authorization: rawAuth[method], "content-type": "application/protobuf" },
          body: rawBody[method],
        });
        await res.body.bytes();
        if (res.statusCode !== 200) throw new Error(`raw ${method}: ${res.statusCode}`);
      };
      // A small fixed set of names: CreateRoom on an existing name returns it, so the real server stays bounded.
      const names = Array.from({ length: 8 }, (_, i) => `bench-room-${i}`);
      const impls = [
        {
          name: "raw undici.request",
          ListRooms: raw("ListRooms"),
          CreateRoom: raw("CreateRoom"),
        },
        {
          name: "exlivekit + undici",
          ListRooms: () => sdk.RoomService.listRooms(oursUndici),
          CreateRoom: (i) => sdk.RoomService.createRoom(oursUndici, names[i % 8]),
        },
        {
          name: "exlivekit + fetch",
          ListRooms: () => sdk.RoomService.listRooms(oursFetch),
          CreateRoom: (i) => sdk.RoomService.createRoom(oursFetch, names[i % 8]),
        },
        {
          name: "livekit-server-sdk",
          ListRooms: () => official.listRooms(),
          CreateRoom: (i) => official.createRoom({ name: names[i % 8] }),
        },
      ];
      // Other processes share this machine: run every client in each of ROUNDS rounds, rotating the
      // order, and report the median round so one noisy moment does not decide a comparison.
      for (const op of ["ListRooms", "CreateRoom"]) {
        for (const concurrency of [1, 64]) {
          const total = quick
            ? concurrency === 1
              ? 1_000
              : 4_000
            : real
              ? concurrency === 1
                ? 1_500
                : 6_000
              : concurrency === 1
                ? 3_000
                : 12_000;
          for (const impl of impls) await run(impl[op], Math.min(total, 1_000), concurrency); // warm-up
          const results = new Map(impls.map((impl) => [impl.name, []]));
          for (let round = 0; round < ROUNDS; round++) {
            for (let k = 0; k < impls.length; k++) {
              const impl = impls[(k + round) % impls.length];
              results.get(impl.name).push(await run(impl[op], total, concurrency));
            }
          }
          for (const impl of impls) {
            const rs = results.get(impl.name);
            const med = (key) => rs.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(rs.length / 2)];
            const r = { rps: med("rps"), p50: med("p50"), p99: med("p99") };
            rows.push({ target: target.label, op, concurrency, impl: impl.name, ...r });
            console.error(
              `${target.label} ${op} c=${concurrency} ${impl.name}: ${fmt(r.rps)} calls/s p50 ${fmt(r.p50, 3)} ms p99 ${fmt(r.p99, 3)} ms`,
            );
          }
        }
      }
      await oursUndici.close();
      await oursFetch.close();
      await agent.close();
      if (real)
        for (const n of names) await sdk.RoomService.deleteRoom(ours(undiciTransport()), n).catch(() => {});
    }
  } finally {
    child.disconnect();
    child.kill();
    await stack?.stop();
  }

  // Markdown table plus the ratios the targets are judged on.
  console.log("| target | op | conc | client | calls/s | p50 ms | p99 ms |");
  console.log("| --- | --- | ---: | --- | ---: | ---: | ---: |");
  for (const r of rows) {
    console.log(
      `| ${r.target} | ${r.op} | ${r.concurrency} | ${r.impl} | ${fmt(r.rps)} | ${fmt(r.p50, 3)} | ${fmt(r.p99, 3)} |`,
    );
  }
  console.log("");
  for (const target of targets) {
    for (const op of ["ListRooms", "CreateRoom"]) {
      for (const c of [1, 64]) {
        const get = (impl) =>
          rows.find((r) => r.target === target.label && r.op === op && r.concurrency === c && r.impl === impl)
            ?.rps ?? Number.NaN;
        const ours = get("exlivekit + undici");
        console.log(
          `${target.label} ${op} c=${c}: undici/official ${fmt(ours / get("livekit-server-sdk"), 2)}x, ` +
            `fetch/official ${fmt(get("exlivekit + fetch") / get("livekit-server-sdk"), 2)}x, undici/raw ${fmt((100 * ours) / get("raw undici.request"))}%`,
        );
      }
    }
  }
  process.exit(0);
}
