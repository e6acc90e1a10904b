// @ts-check
import { ensureBinaries } from "./binaries.js";
import { startLiveKitServer } from "./livekit-server.js";
import { startMockServer } from "./mock-server.js";
import { ensureRedisServer } from "./redis-binary.js";
import { startRedis } from "./redis-process.js";
import { randomCredentials } from "./token.js";
import { startWebhookSinkServer } from "./webhook-sink-server.js";

/** @import { Binaries, MockStack, Stack, StackOptions } from "./types.js" */

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
 * Starts a livekit-server on 127.0.0.1 (with a private Redis when `redis` is true) whose webhooks go
 * to the stack's own sink plus `webhookUrls`. Builds the binaries first if needed.
 * @param {StackOptions} options
 * @returns {Promise<Stack>}
 */
export async function startStack(options) {
  const { server } = await binaries();
  /** @type {Array<() => Promise<void>>} */
  const stops = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
  };
  try {
    const sink = await startWebhookSinkServer();
    stops.push(sink.stop);
    let redis;
    if (options.redis) {
      redisOnce ??= ensureRedisServer({ log: (message) => console.warn(`[livekit-stack] ${message}`) });
      redis = await startRedis(await redisOnce);
      stops.push(redis.stop);
    }
    const { apiKey, apiSecret } = options.credentials ?? randomCredentials();
    const lk = await startLiveKitServer({
      binary: server,
      apiKey,
      apiSecret,
      webhookUrls: [sink.hookUrl, ...(options.webhookUrls ?? [])],
      ...(redis === undefined ? {} : { redisAddress: redis.address }),
      ...(options.port === undefined ? {} : { port: options.port }),
      ...(options.readyTimeoutMs === undefined ? {} : { readyTimeoutMs: options.readyTimeoutMs }),
    });
    stops.push(lk.stop);
    /** @type {Promise<void> | undefined} */
    let stopping;
    return {
      url: `http://127.0.0.1:${lk.port}`,
      wsUrl: `ws://127.0.0.1:${lk.port}`,
      apiKey,
      apiSecret,
      redis: options.redis,
      sinkUrl: sink.url,
      pids: [lk.pid, ...(redis === undefined ? [] : [redis.pid])],
      ports: [lk.port, lk.tcpPort, sink.port, ...(redis === undefined ? [] : [redis.port])],
      udpPort: lk.udpPort,
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

/**
 * Starts the release's `test-server` mock on 127.0.0.1. Builds the binaries first if needed.
 * @param {{ regions?: number }} [options]
 * @returns {Promise<MockStack>}
 */
export async function startMock(options = {}) {
  const { testServer } = await binaries();
  return startMockServer(testServer, options);
}
