// Failover against a real two-node cluster: 64 calls in flight for 10 s through one Client that knows
// both nodes while node A is SIGKILLed at 3 s and restarted at 6 s, then the same with a client that
// knows only A. A room lives on one node, so the safe-class load targets cluster-wide calls and rooms
// pinned to node B; calls about a room pinned to A fail on the server whatever a client does, and only
// have to fail with a typed error.
import {
  type ChaosCall,
  type ChaosResult,
  runChaos,
  type Stack,
  type StackNode,
  startStack,
} from "@exlivekit/livekit-stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AgentDispatchService,
  Client,
  type InterceptedRequest,
  LiveKitError,
  RoomService,
  TransportError,
} from "../src/index.ts";
import { testTransport } from "./test-transport.ts";

const CONCURRENCY = 64;
const DURATION_MS = 10_000;
const KILL_AT_MS = 3_000;
const RESTART_AT_MS = 6_000;

let cluster: Stack;
let nodeA: StackNode;
let nodeB: StackNode;

beforeAll(async () => {
  cluster = await startStack({ redis: true, nodes: 2 });
  [nodeA, nodeB] = cluster.nodes as [StackNode, StackNode];
}, 60_000);

afterAll(() => cluster?.stop());

/** Which endpoints each chaos call's attempts went to, by the call's `x-chaos-call` header. */
function endpointLog() {
  const byCall = new Map<string, string[]>();
  const interceptor = (next: (req: InterceptedRequest) => Promise<unknown>) => (req: InterceptedRequest) => {
    const id = req.headers["x-chaos-call"];
    if (id !== undefined) byCall.set(id, [...(byCall.get(id) ?? []), req.endpoint]);
    return next(req);
  };
  return { byCall, interceptor };
}

/** The load: six safe calls, two unsafe SendData on a room of node B, one call about a room of node A. */
async function chaosRun(
  client: Client,
  tag: string,
): Promise<{ result: ChaosResult; idOf: WeakMap<object, string> }> {
  const onB = `chaos-b-${tag}`;
  const onA = `chaos-a-${tag}`;
  await RoomService.createRoom(client, onB, { nodeId: nodeB.nodeId, emptyTimeout: 120 });
  await RoomService.createRoom(client, onA, { nodeId: nodeA.nodeId, emptyTimeout: 120 });
  // Which call each error came from, to look up where its attempts went.
  const idOf = new WeakMap<object, string>();
  let counter = 0;
  const next = (_worker: number, i: number): ChaosCall => {
    const id = String(++counter);
    const call = { headers: { "x-chaos-call": id } };
    const mix: Array<[string, string, () => Promise<unknown>]> = [
      ["safe", "ListRooms", () => RoomService.listRooms(client, {}, call)],
      ["safe", "ListParticipants", () => RoomService.listParticipants(client, onB, call)],
      ["unsafe", "SendData", () => RoomService.sendData(client, onB, `m${id}`, {}, call)],
      ["safe", "UpdateRoomMetadata", () => RoomService.updateRoomMetadata(client, onB, id, call)],
      ["safe", "ListDispatch", () => AgentDispatchService.listDispatch(client, onB, call)],
      [
        "safe",
        "CreateRoom",
        () =>
          RoomService.createRoom(client, `${onB}-${id}`, { nodeId: nodeB.nodeId, emptyTimeout: 10 }, call),
      ],
      ["unsafe", "SendData", () => RoomService.sendData(client, onB, `n${id}`, {}, call)],
      ["safe", "ListParticipants", () => RoomService.listParticipants(client, onB, call)],
      [
        "room-on-killed-node",
        "UpdateRoomMetadata",
        () => RoomService.updateRoomMetadata(client, onA, id, { ...call, timeoutMs: 5_000 }),
      ],
    ];
    const [kind, label, run] = mix[i % mix.length] as [string, string, () => Promise<unknown>];
    return {
      kind,
      label,
      run: async () => {
        try {
          return await run();
        } catch (error) {
          if (typeof error === "object" && error !== null) idOf.set(error, id);
          throw error;
        }
      },
    };
  };
  const result = await runChaos({
    node: nodeA,
    concurrency: CONCURRENCY,
    durationMs: DURATION_MS,
    killAtMs: KILL_AT_MS,
    restartAtMs: RESTART_AT_MS,
    next,
  });
  return { result, idOf };
}

function summary(name: string, result: ChaosResult) {
  const failedBy = (kind: string) =>
    result.outcomes.filter((o) => o.kind === kind && o.error !== undefined).length;
  // The typed codes of the failures, by call class: `{ unsafe: { connection_reset: 3 }, ... }`.
  const codes: Record<string, Record<string, number>> = {};
  for (const { kind, error } of result.outcomes) {
    if (error === undefined) continue;
    const code = error instanceof LiveKitError ? error.code : "untyped";
    const byCode = codes[kind] ?? {};
    byCode[code] = (byCode[code] ?? 0) + 1;
    codes[kind] = byCode;
  }
  const line = {
    client: name,
    calls: result.calls,
    failed: result.failed,
    failedSafe: failedBy("safe"),
    failedUnsafe: failedBy("unsafe"),
    failedRoomOnKilledNode: failedBy("room-on-killed-node"),
    p99Ms: Math.round(result.p99Ms),
    longestMs: Math.round(result.longestMs),
    killedAtMs: Math.round(result.killedAt),
    restartedAtMs: Math.round(result.restartedAt),
    codes,
  };
  console.info(`[chaos] ${JSON.stringify(line)}`);
  return line;
}

describe("chaos: node A SIGKILLed at 3 s and restarted at 6 s under 64 concurrent calls", () => {
  it("a client that knows both nodes fails no safe call, and only unsafe calls in flight on A fail", async () => {
    const log = endpointLog();
    const client = new Client({
      hosts: [nodeA.url, nodeB.url],
      apiKey: cluster.apiKey,
      apiSecret: cluster.apiSecret,
      transport: testTransport(),
      interceptors: [log.interceptor],
    });
    try {
      const { result, idOf } = await chaosRun(client, "both");
      const line = summary("hosts [A, B]", result);
      expect(result.calls).toBeGreaterThan(CONCURRENCY);
      expect(line.failedSafe).toBe(0);
      for (const outcome of result.outcomes) {
        if (outcome.error === undefined) continue;
        expect(outcome.error).toBeInstanceOf(LiveKitError);
        if (outcome.kind === "unsafe") {
          // Sent to A before it died, cut off by the crash; never sent again.
          expect(outcome.error).toBeInstanceOf(TransportError);
          expect(outcome.startedAt).toBeLessThan(result.killedAt);
          expect(log.byCall.get(idOf.get(outcome.error as object) ?? "")).toEqual([nodeA.url]);
        } else {
          expect(outcome.kind).toBe("room-on-killed-node");
        }
      }
      for (const [, endpoints] of log.byCall) {
        // No call ran on more than both endpoints once each, plus a retry.
        expect(endpoints.length).toBeLessThanOrEqual(3);
      }
      // Calls went to B while A was down, and A is used again once its probe sees it back.
      const usedB = [...log.byCall.values()].some((endpoints) => endpoints[0] === nodeB.url);
      expect(usedB).toBe(true);
      await expect
        .poll(
          async () => {
            const id = `after-${Math.random()}`;
            await RoomService.listRooms(client, {}, { headers: { "x-chaos-call": id } });
            return log.byCall.get(id)?.[0];
          },
          { timeout: 20_000, interval: 250 },
        )
        .toBe(nodeA.url);
    } finally {
      await client.close();
    }
  }, 60_000);

  it("a client that knows only node A fails calls while A is down, each with a typed error", async () => {
    const client = new Client({
      host: nodeA.url,
      apiKey: cluster.apiKey,
      apiSecret: cluster.apiSecret,
      transport: testTransport(),
    });
    try {
      const { result } = await chaosRun(client, "single");
      const line = summary("host A only", result);
      expect(line.failedSafe).toBeGreaterThan(0);
      for (const outcome of result.outcomes) {
        if (outcome.error !== undefined) expect(outcome.error).toBeInstanceOf(LiveKitError);
      }
    } finally {
      await client.close();
    }
  }, 60_000);
});
