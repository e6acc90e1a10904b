// @ts-check
import { ensureBinaries } from "./binaries.js";
import { startLiveKitServer } from "./livekit-server.js";
import { startMockServer } from "./mock-server.js";
import { ensureRedisServer } from "./redis-binary.js";
import { startRedis } from "./redis-process.js";
import { releasePorts, reservePorts } from "./reserved-ports.js";
import { randomCredentials } from "./token.js";
import { startWebhookSinkServer } from "./webhook-sink-server.js";

/** @import { Binaries, MockStack, Stack, StackNode, StackOptions } from "./types.js" */
/** @import { LiveKitServerOptions } from "./livekit-server.js" */

/** @type {Promise<Binaries> | undefined} */
let binariesOnce;
/** @type {Promise<string> | undefined} */
let redisOnce;

/** Binaries for this process: built or checked once. */
function binaries() {
  binariesOnce ??= ensureBinaries({ log: (message) => console.warn(`[livekit-stack] ${message}`) });
  return binariesOnce;
}

/**
 * Starts `nodes` livekit-servers (default 1) on 127.0.0.1, with a private Redis when `redis` is true,
 * whose webhooks go to the stack's one sink plus `webhookUrls`. Several nodes share the Redis and the
 * keys, each with its own HTTP, RTC TCP and RTC UDP ports: LiveKit's distributed mode, one cluster.
 * Builds the binaries first if needed.
 * @param {StackOptions} options
 * @returns {Promise<Stack>}
 */
export async function startStack(options) {
  const count = options.nodes ?? 1;
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`nodes must be a positive integer, got ${count}`);
  if (count > 1 && !options.redis)
    throw new Error("several nodes form a cluster through Redis: pass redis: true");
  const { server } = await binaries();
  /** @type {Array<() => Promise<void>>} */
  const stops = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
  };
  try {
    const sink = await startWebhookSinkServer();
    stops.push(sink.stop);
    /** @type {Awaited<ReturnType<typeof startRedis>> | undefined} */
    let redis;
    if (options.redis) {
      redisOnce ??= ensureRedisServer({ log: (message) => console.warn(`[livekit-stack] ${message}`) });
      redis = await startRedis(await redisOnce);
      stops.push(redis.stop);
    }
    const { apiKey, apiSecret } = randomCredentials();
    /** @type {Omit<NodeOptions, "webhookUrls">} */
    const shared = {
      binary: server,
      apiKey,
      apiSecret,
      ...(redis === undefined ? {} : { redisAddress: redis.address }),
      ...(options.readyTimeoutMs === undefined ? {} : { readyTimeoutMs: options.readyTimeoutMs }),
    };
    // In a cluster each node posts to the sink with its number in the query (`/hook?node=2`), so tests
    // can tell which node sent a webhook.
    /** @param {number} i */
    const webhookUrls = (i) => [
      count === 1 ? sink.hookUrl : `${sink.hookUrl}?node=${i + 1}`,
      ...(options.webhookUrls ?? []),
    ];
    const first = await startNode({ ...shared, webhookUrls: webhookUrls(0) }, options.port);
    stops.push(first.stop);
    const nodes = [first];
    // One at a time: each node registers itself in Redis as it starts, and the servers are heavy to start.
    for (let i = 1; i < count; i += 1) {
      const node = await startNode({ ...shared, webhookUrls: webhookUrls(i) });
      stops.push(node.stop);
      nodes.push(node);
    }
    /** @type {Promise<void> | undefined} */
    let stopping;
    return {
      url: first.url,
      wsUrl: first.wsUrl,
      apiKey,
      apiSecret,
      redis: options.redis,
      sinkUrl: sink.url,
      nodes: nodes.map((node) => node.info),
      get pids() {
        return [...nodes.map((node) => node.info.pid), ...(redis === undefined ? [] : [redis.pid])];
      },
      ports: [
        ...nodes.flatMap((node) => [node.info.port, node.info.tcpPort]),
        sink.port,
        ...(redis === undefined ? [] : [redis.port]),
      ],
      udpPort: first.info.udpPort,
      udpPorts: nodes.map((node) => node.info.udpPort),
      stop: () => {
        stopping ??= stopAll();
        return stopping;
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** @typedef {Omit<LiveKitServerOptions, "port" | "tcpPort" | "udpPort">} NodeOptions */

/** How long a restart waits for its ports when something else holds one for a moment. */
const RESTART_PORT_WAIT_MS = 10_000;

/**
 * One livekit-server of a stack, which tests can crash and bring back on the same ports. The ports are
 * reserved (reserved-ports.js) from the first start until the stack stops, so no other run on this
 * machine takes them while the node is down.
 * @param {NodeOptions} options
 * @param {number} [forcedPort] the HTTP port a test insists on (no retry elsewhere when it is taken)
 * @returns {Promise<{ info: StackNode, url: string, wsUrl: string, stop: () => Promise<void> }>}
 */
async function startNode(options, forcedPort) {
  /** @type {number[]} */
  let reserved;
  /** @type {Awaited<ReturnType<typeof startLiveKitServer>>} */
  let running;
  // A port checked free can still be bound by an unrelated program before the server binds it: take others.
  for (let attempt = 1; ; attempt += 1) {
    reserved = await reservePorts(forcedPort === undefined ? 3 : 2);
    const [port, tcpPort, udpPort] = /** @type {[number, number, number]} */ (
      forcedPort === undefined ? reserved : [forcedPort, ...reserved]
    );
    try {
      running = await startLiveKitServer({ ...options, port, tcpPort, udpPort });
      break;
    } catch (error) {
      releasePorts(reserved);
      if (forcedPort !== undefined || attempt >= 3 || !addressInUse(error)) throw error;
    }
  }
  /** @type {Promise<void> | undefined} */
  let restarting;
  const url = `http://127.0.0.1:${running.port}`;
  /** @type {StackNode} */
  const info = {
    url,
    wsUrl: `ws://127.0.0.1:${running.port}`,
    port: running.port,
    tcpPort: running.tcpPort,
    udpPort: running.udpPort,
    pid: running.pid,
    nodeId: running.nodeId,
    kill: () => running.kill(),
    restart: () => {
      restarting ??= (async () => {
        await running.stop();
        // The same ports, so clients that know this node's URL reach the new process. They stay reserved
        // against other runs, but a program that ignores the reservation may hold one for a moment.
        const deadline = Date.now() + RESTART_PORT_WAIT_MS;
        for (;;) {
          try {
            running = await startLiveKitServer({
              ...options,
              port: info.port,
              tcpPort: info.tcpPort,
              udpPort: info.udpPort,
            });
            break;
          } catch (error) {
            if (!addressInUse(error) || Date.now() >= deadline) throw error;
            await new Promise((resolve) => setTimeout(resolve, 250));
          }
        }
        info.pid = running.pid;
        info.nodeId = running.nodeId;
      })().finally(() => {
        restarting = undefined;
      });
      return restarting;
    },
  };
  const stop = async () => {
    await restarting?.catch(() => undefined);
    await running.stop();
    releasePorts(reserved);
  };
  return { info, url, wsUrl: info.wsUrl, stop };
}

/**
 * Whether a start failed because a port was taken (the server's log says so as it exits).
 * @param {unknown} error
 */
function addressInUse(error) {
  return String(error).includes("address already in use");
}

/**
 * Starts the release's `test-server` mock on 127.0.0.1. Builds the binaries first if needed.
 * @param {{ regions?: number }} [options]
 * @returns {Promise<MockStack>}
 */
export async function startMock(options = {}) {
  const { testServer } = await binaries();
  return startMockServer(testServer, options);
}
