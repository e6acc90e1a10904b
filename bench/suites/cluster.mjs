// api.cluster.c64 and api.failover: a real two-node cluster (two livekit-servers on one Redis).
// - api.cluster.c64: ListRooms calls/s at concurrency 64; ours knows both nodes, the official client
//   (which takes one host) talks to node A.
// - api.failover: the chaos run of the failover integration test, with safe calls only (ListRooms and
//   ListParticipants of a room pinned to node B): node A is SIGKILLed and restarted on its port while 64
//   calls are in flight; ours knows both nodes, the official client knows A (it fails over only between
//   LiveKit Cloud regions). Calls made, calls failed, p99 and the longest call.
import { runChaos, startStack } from "@exlivekit/livekit-stack";
import { Client, RoomService } from "@exlivekit/server-sdk";
import { undiciTransport } from "@exlivekit/transport-undici";
import { RoomServiceClient } from "livekit-server-sdk";
import { compareRounds } from "../lib/compare.mjs";
import { loadWindow } from "../lib/load-window.mjs";

/** The chaos timeline: full runs mirror the integration test; smoke runs only check that it works. */
function timeline(smoke) {
  return smoke
    ? { durationMs: 1_500, killAtMs: 300, restartAtMs: 800 }
    : { durationMs: 10_000, killAtMs: 3_000, restartAtMs: 6_000 };
}

async function failoverRun(stack, calls, smoke) {
  const result = await runChaos({
    node: stack.nodes[0],
    concurrency: 64,
    ...timeline(smoke),
    next: (_worker, i) => ({
      kind: "safe",
      label: i % 2 ? "ListParticipants" : "ListRooms",
      run: calls[i % 2],
    }),
  });
  return result;
}

/** Returns the api.cluster.c64 and api.failover keys: name -> the figure of each run. */
export async function clusterSuite(settings) {
  const stack = await startStack({ redis: true, nodes: 2 });
  const stopOnSignal = () => void stack.stop().finally(() => process.exit(130));
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  const [a, b] = stack.nodes;
  const { apiKey, apiSecret } = stack;
  const ours = new Client({ hosts: [a.url, b.url], apiKey, apiSecret, transport: undiciTransport() });
  try {
    const room = "bench-cluster-room";
    await RoomService.createRoom(ours, room, { nodeId: b.nodeId, emptyTimeout: 600 });

    const official = new RoomServiceClient(a.url, apiKey, apiSecret);
    const throughput = await compareRounds(
      {
        undici: async () => (await loadWindow(() => RoomService.listRooms(ours), 64, settings.windowMs)).rps,
        official: async () => (await loadWindow(() => official.listRooms(), 64, settings.windowMs)).rps,
      },
      settings.runs,
    );

    // Ours first: node A is back (on a new process) before the official client's run starts.
    const oursRun = await failoverRun(
      stack,
      [() => RoomService.listRooms(ours), () => RoomService.listParticipants(ours, room)],
      settings.smoke,
    );
    const officialClient = new RoomServiceClient(a.url, apiKey, apiSecret);
    const officialRun = await failoverRun(
      stack,
      [() => officialClient.listRooms(), () => officialClient.listParticipants(room)],
      settings.smoke,
    );
    const figures = (run) => ({
      calls: [run.calls],
      failed: [run.failed],
      p99: [run.p99Ms],
      longest: [run.longestMs],
    });
    const o = figures(oursRun);
    const f = figures(officialRun);
    return {
      "api.cluster.c64": throughput,
      "api.failover": {
        calls: o.calls,
        failed: o.failed,
        p99: o.p99,
        longest: o.longest,
        officialCalls: f.calls,
        officialFailed: f.failed,
        officialP99: f.p99,
        officialLongest: f.longest,
      },
    };
  } finally {
    await ours.close();
    process.off("SIGINT", stopOnSignal);
    process.off("SIGTERM", stopOnSignal);
    await stack.stop();
  }
}
