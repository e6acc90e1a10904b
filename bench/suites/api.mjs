// api.*: RoomService ListRooms calls/s at concurrency 1 and 64 against (a) the stub responder in a
// child process, which isolates client overhead, and (b) a real livekit-server without Redis.
// Contenders: our client over undici and over fetch, the official RoomServiceClient, and raw
// undici.request of the same protobuf bytes through a keep-alive Pool (the floor for Node HTTP).
import { create, toBinary } from "@bufbuild/protobuf";
import { startStack } from "@exlivekit/livekit-stack";
import { ListRoomsRequestSchema } from "@exlivekit/protocol/room";
import { Client, RoomService } from "@exlivekit/server-sdk";
import { AccessToken } from "@exlivekit/token";
import { fetchTransport } from "@exlivekit/transport-fetch";
import { undiciTransport } from "@exlivekit/transport-undici";
import { RoomServiceClient } from "livekit-server-sdk";
import { Pool, request } from "undici";
import { compareRounds } from "../lib/compare.mjs";
import { loadWindow } from "../lib/load-window.mjs";
import { startStubResponder } from "../lib/stub.mjs";

const STUB_KEY = "APIbenchstub";
const STUB_SECRET = "bench-stub-secret-bench-stub-secret-0123";
const LIST_PATH = "/twirp/livekit.RoomService/ListRooms";

/** The four clients of one target; `close()` releases their sockets. */
async function contenders({ url, apiKey, apiSecret }) {
  const undiciClient = new Client({ host: url, apiKey, apiSecret, transport: undiciTransport() });
  const fetchClient = new Client({ host: url, apiKey, apiSecret, transport: fetchTransport() });
  const official = new RoomServiceClient(url, apiKey, apiSecret);
  // Same pool size and keep-alive as undiciTransport's defaults, so only the client code differs.
  const pool = new Pool(url, { connections: 50, keepAliveTimeout: 4_000 });
  const authorization = `Bearer ${await new AccessToken({ apiKey, apiSecret }).addGrants({ roomList: true }).addTtl(3600).toJwt()}`;
  const body = toBinary(ListRoomsRequestSchema, create(ListRoomsRequestSchema, {}));
  const headers = { authorization, "content-type": "application/protobuf" };
  const calls = {
    undici: () => RoomService.listRooms(undiciClient),
    fetch: () => RoomService.listRooms(fetchClient),
    official: () => official.listRooms(),
    raw: async () => {
      const res = await request(`${url}${LIST_PATH}`, { method: "POST", dispatcher: pool, headers, body });
      await res.body.arrayBuffer();
      if (res.statusCode !== 200) throw new Error(`raw ListRooms: HTTP ${res.statusCode}`);
    },
  };
  const close = async () => {
    await Promise.allSettled([undiciClient.close(), fetchClient.close(), pool.close()]);
  };
  return { calls, close };
}

/** Each contender must see the same rooms before its speed is worth comparing. */
async function checkAgreement(calls, expectedRooms) {
  const names = (rooms) =>
    rooms
      .map((room) => room.name)
      .sort()
      .join(",");
  const expected = names(expectedRooms);
  for (const name of ["undici", "fetch", "official"]) {
    const got = names(await calls[name]());
    if (got !== expected) throw new Error(`api ${name}: listed [${got}], expected [${expected}]`);
  }
  await calls.raw();
}

/** Measures one target at concurrency 1 and 64; returns { c1, c64 }: name -> { rps, p50, p99 } of each run. */
async function measureTarget(target, expectedRooms, { windowMs, runs }) {
  const { calls, close } = await contenders(target);
  try {
    await checkAgreement(calls, expectedRooms);
    const out = {};
    for (const concurrency of [1, 64]) {
      const windows = Object.fromEntries(
        Object.entries(calls).map(([name, call]) => [name, () => loadWindow(call, concurrency, windowMs)]),
      );
      out[`c${concurrency}`] = await compareRounds(windows, runs);
    }
    return out;
  } finally {
    await close();
  }
}

const throughput = (byClient) =>
  Object.fromEntries(Object.entries(byClient).map(([name, runs]) => [name, runs.map((r) => r.rps)]));

/** Returns the api.stub.*, latency.stub.c64 and api.livekit.* keys: name -> the figure of each run. */
export async function apiSuite(settings) {
  const result = {};
  const stub = await startStubResponder();
  try {
    const stubRooms = ["bench-room-1", "bench-room-2", "bench-room-3"].map((name) => ({ name }));
    const m = await measureTarget(
      { url: stub.url, apiKey: STUB_KEY, apiSecret: STUB_SECRET },
      stubRooms,
      settings,
    );
    result["api.stub.c1"] = throughput(m.c1);
    result["api.stub.c64"] = throughput(m.c64);
    result["latency.stub.c64"] = {
      undiciP50: m.c64.undici.map((r) => r.p50),
      undiciP99: m.c64.undici.map((r) => r.p99),
      officialP50: m.c64.official.map((r) => r.p50),
      officialP99: m.c64.official.map((r) => r.p99),
    };
  } finally {
    await stub.stop();
  }

  const stack = await startStack({ redis: false });
  const stopOnSignal = () => void stack.stop().finally(() => process.exit(130));
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  try {
    // Three rooms, like the stub's answer, so both targets return bodies of a similar size.
    const admin = new Client({
      host: stack.url,
      apiKey: stack.apiKey,
      apiSecret: stack.apiSecret,
      transport: undiciTransport(),
    });
    const rooms = [];
    try {
      for (let i = 1; i <= 3; i++)
        rooms.push(await RoomService.createRoom(admin, `bench-room-${i}`, { emptyTimeout: 600 }));
    } finally {
      await admin.close();
    }
    const m = await measureTarget(stack, rooms, settings);
    result["api.livekit.c1"] = throughput(m.c1);
    result["api.livekit.c64"] = throughput(m.c64);
  } finally {
    process.off("SIGINT", stopOnSignal);
    process.off("SIGTERM", stopOnSignal);
    await stack.stop();
  }
  return result;
}
