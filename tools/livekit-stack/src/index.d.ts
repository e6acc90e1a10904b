import type {
  Binaries,
  ChaosOptions,
  ChaosResult,
  EnsureBinariesOptions,
  JoinOptions,
  JoinTarget,
  MockStack,
  Stack,
  StackOptions,
  TestParticipant,
  WebhookSinkClient,
} from "./types.js";

export type {
  Binaries,
  ChaosCall,
  ChaosOptions,
  ChaosOutcome,
  ChaosResult,
  Delivery,
  DeliveryFilter,
  EnsureBinariesOptions,
  JoinOptions,
  JoinTarget,
  LiveKitServerInfo,
  MockServerInfo,
  MockStack,
  ReceivedData,
  RpcHandler,
  Stack,
  StackNode,
  StackOptions,
  TestParticipant,
  WebhookSinkClient,
} from "./types.js";

/**
 * Starts a livekit-server on 127.0.0.1 (with a private Redis when `redis` is true), or `nodes` of them
 * sharing that Redis as one cluster, whose webhooks go to the stack's own sink plus `webhookUrls`.
 * Builds or reuses the binaries first; works from plain Node.
 */
export declare function startStack(options: StackOptions): Promise<Stack>;

/** Starts the release's `test-server` mock on 127.0.0.1 (two region listeners by default). */
export declare function startMock(options?: { regions?: number }): Promise<MockStack>;

/** Builds livekit-server and test-server of the pinned release with `go install`, or reuses the cached ones. */
export declare function ensureBinaries(options?: EnsureBinariesOptions): Promise<Binaries>;

/** Makes sure `redis-server` exists (apt-get installs it when running as root); returns the command. */
export declare function ensureRedisServer(options?: {
  log?: (message: string) => void;
  command?: string;
  asRoot?: boolean;
}): Promise<string>;

/** The pinned livekit-server release from livekit.json, e.g. `v1.13.5`. */
export declare function pinnedServerVersion(): string;
/** The pinned github.com/livekit/protocol release from livekit.json, e.g. `v1.54.1`. */
export declare function pinnedProtocolVersion(): string;

/**
 * Puts a real WebRTC participant (`@livekit/rtc-node`, over loopback) into `room` until `leave()`; the
 * join token (publish, subscribe, data grants) is signed with `target`'s key.
 */
export declare function joinParticipant(
  target: JoinTarget,
  room: string,
  identity: string,
  options?: JoinOptions,
): Promise<TestParticipant>;

/** A client of the webhook sink at `sinkUrl`. */
export declare function webhookSink(sinkUrl: string): WebhookSinkClient;

/** Signs an HS256 LiveKit access token for tests (iss = apiKey, nbf/exp set, `claims` merged in). */
export declare function mintToken(
  apiKey: string,
  apiSecret: string,
  claims: Record<string, unknown>,
  ttlSeconds?: number,
): string;

/**
 * Runs `concurrency` loops of calls for `durationMs` while `node` is SIGKILLed at `killAtMs` and restarted
 * on its ports at `restartAtMs`; records every call's class, timing and outcome.
 */
export declare function runChaos(options: ChaosOptions): Promise<ChaosResult>;
