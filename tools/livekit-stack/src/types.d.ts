/** A running livekit-server with its credentials, as provided to integration tests. */
export interface LiveKitServerInfo {
  /** HTTP base URL, e.g. `http://127.0.0.1:7880`. */
  url: string;
  /** WebSocket base URL for signalling, e.g. `ws://127.0.0.1:7880`. */
  wsUrl: string;
  /** API key the server accepts. */
  apiKey: string;
  /** API secret for {@link LiveKitServerInfo.apiKey} (32+ characters). */
  apiSecret: string;
  /** Whether the server runs with Redis. */
  redis: boolean;
  /** Base URL of the webhook sink this server posts to; query it with `webhookSink(sinkUrl)`. */
  sinkUrl: string;
}

/** The `cmd/test-server` mock of the same release, as provided to integration tests. */
export interface MockServerInfo {
  /** URL of the primary region listener. */
  url: string;
  /** Any key works: the mock only checks the signature against {@link MockServerInfo.apiSecret}. */
  apiKey: string;
  /** Secret the mock verifies tokens with. */
  apiSecret: string;
  /** All region listeners in order; index 0 is {@link MockServerInfo.url}. */
  regionUrls: string[];
}

/** Options of `startStack`. */
export interface StackOptions {
  /** Run the server with a private Redis. */
  redis: boolean;
  /** Extra webhook URLs the server posts to, besides the stack's own sink. */
  webhookUrls?: string[];
  /** Force the HTTP port (tests of start failures); a free port by default. A node restarts on its ports with `nodes[i].restart()`. */
  port?: number;
  /** Milliseconds to wait for readiness (default 30000). */
  readyTimeoutMs?: number;
  /**
   * livekit-server processes to start (default 1). More than one needs `redis: true`: the nodes share
   * the Redis, keys and webhook sink, each on its own HTTP, RTC TCP and RTC UDP ports (one cluster).
   * Node `n` (1-based) posts to the sink as `/hook?node=n`, so a delivery's `path` tells who sent it.
   */
  nodes?: number;
}

/** One livekit-server of a stack. */
export interface StackNode {
  /** HTTP base URL of this node. */
  url: string;
  /** WebSocket base URL of this node. */
  wsUrl: string;
  /** HTTP port (kept across `restart()`). */
  port: number;
  /** RTC TCP port (kept across `restart()`). */
  tcpPort: number;
  /** RTC UDP port (kept across `restart()`). */
  udpPort: number;
  /** Process id of the current process. */
  pid: number;
  /** Id the current process registered in the cluster under (`ND_...`); pins rooms via CreateRoom's `nodeId`. */
  nodeId: string;
  /** SIGKILLs the node, as in a crash; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Stops the node if it still runs and starts a new process on the same ports; resolves once it serves. */
  restart(): Promise<void>;
}

/** A started stack: one server or a cluster of them (and Redis when asked) plus its webhook sink. */
export interface Stack extends LiveKitServerInfo {
  /** Every node; `url` and `wsUrl` of the stack are those of `nodes[0]`. */
  nodes: StackNode[];
  /** Process ids this stack runs now (servers, Redis when present). */
  readonly pids: number[];
  /** Ports this stack listens on (TCP: HTTP and RTC TCP of each node, Redis, sink; UDP in `udpPorts`). */
  ports: number[];
  /** The RTC UDP port of the first node. */
  udpPort: number;
  /** The RTC UDP port of every node. */
  udpPorts: number[];
  /** Stops everything this stack started; safe to call more than once. */
  stop(): Promise<void>;
}

/** A started mock server. */
export interface MockStack extends MockServerInfo {
  /** Process id of the mock. */
  pids: number[];
  /** Ports the mock listens on. */
  ports: number[];
  /** Stops the mock; safe to call more than once. */
  stop(): Promise<void>;
}

/** Paths of the built LiveKit binaries. */
export interface Binaries {
  /** The release, e.g. `v1.13.5`. */
  version: string;
  /** Folder holding both binaries. */
  dir: string;
  /** Path of livekit-server. */
  server: string;
  /** Path of the test-server mock. */
  testServer: string;
  /** Whether this call built them (false: reused from the cache). */
  built: boolean;
}

/** Options of `ensureBinaries`. */
export interface EnsureBinariesOptions {
  /** Release to build; default: `server` of livekit.json. */
  version?: string;
  /** Cache root; default: `$EXLIVEKIT_CACHE` or `~/.cache/exlivekit`. Binaries go to `<root>/livekit-<version>`. */
  cacheRoot?: string;
  /** The `go` command to build with (default `go` from PATH). */
  goCommand?: string;
  /** Progress messages (default: none); during a build, one at least every `heartbeatMs`. */
  log?: (message: string) => void;
  /** How often a build in progress says so through `log` (default 10 000 ms). */
  heartbeatMs?: number;
}

/** One webhook delivery exactly as the sink received it. */
export interface Delivery {
  /** The exact body bytes. */
  body: Uint8Array;
  /** Request headers, lower-case names. */
  headers: Record<string, string>;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: unknown;
  /** Request path and query the delivery was posted to: `/hook`, or `/hook?node=2` from node 2 of a cluster. */
  path: string;
  /** Sequence number within the sink (1, 2, ...). */
  seq: number;
}

/** Which deliveries to match: by the webhook event name and/or `room.name`. */
export interface DeliveryFilter {
  /** Webhook event, e.g. `room_started`. */
  event?: string;
  /** Room name (`room.name` in the event JSON). */
  room?: string;
}

/** Client of a webhook sink. */
export interface WebhookSinkClient {
  /** Waits until a matching delivery arrived (long-poll) and returns the first one; rejects after `timeoutMs`. */
  waitFor(filter: DeliveryFilter, timeoutMs?: number): Promise<Delivery>;
  /** All deliveries received so far that match `filter`. */
  all(filter?: DeliveryFilter): Promise<Delivery[]>;
  /** Forgets every delivery received so far. */
  clear(): Promise<void>;
}

/** Credentials for joining a room. */
export interface JoinTarget {
  /** Server WebSocket URL. */
  wsUrl: string;
  /** API key to sign the join token with. */
  apiKey: string;
  /** API secret to sign the join token with. */
  apiSecret: string;
}

/** Options of `joinParticipant`. */
export interface JoinOptions {
  /** Display name. */
  name?: string;
  /** Participant metadata. */
  metadata?: string;
  /** Participant attributes. */
  attributes?: Record<string, string>;
  /** Milliseconds to wait for the connection (default 20000). */
  timeoutMs?: number;
  /** Subscribe to every published track on its own (default true); false leaves it to UpdateSubscriptions. */
  autoSubscribe?: boolean;
}

/** A track as a participant sees it. */
export interface TrackView {
  /** Track sid (`TR_...`). */
  sid: string;
  /** Track name. */
  name: string;
  /** Whether the track is muted. */
  muted: boolean;
  /** Whether this participant receives the track (always true for its own tracks). */
  subscribed: boolean;
}

/** A participant (itself or another one) as a participant's WebRTC client sees it. */
export interface ParticipantView {
  /** Identity. */
  identity: string;
  /** Display name. */
  name: string;
  /** Metadata. */
  metadata: string;
  /** Attributes. */
  attributes: Record<string, string>;
  /** Published tracks. */
  tracks: TrackView[];
}

/** Handler of an RPC invocation; its result is the response payload. */
export type RpcHandler = (invocation: {
  requestId: string;
  callerIdentity: string;
  payload: string;
  responseTimeout: number;
}) => Promise<string>;

/** A data packet the participant received. */
export interface ReceivedData {
  /** The payload bytes. */
  payload: Uint8Array;
  /** Topic, when the sender set one. */
  topic: string | undefined;
  /** Identity of the sender, when known (server-sent data has none). */
  senderIdentity: string | undefined;
  /** The delivery kind the packet arrived with. */
  kind: "reliable" | "lossy" | undefined;
}

/** A real participant connected to a room until `leave()`. */
export interface TestParticipant {
  /** The participant identity. */
  identity: string;
  /** The room name. */
  room: string;
  /** Registers an RPC method other participants (or the server's PerformRpc) can call. */
  registerRpcMethod(method: string, handler: RpcHandler): void;
  /** Data packets received so far. */
  readonly received: readonly ReceivedData[];
  /** Waits for a data packet matching `predicate` (default: any), rejects after `timeoutMs` (default 10000). */
  waitForData(predicate?: (data: ReceivedData) => boolean, timeoutMs?: number): Promise<ReceivedData>;
  /** This participant as its own client sees it now. */
  self(): ParticipantView;
  /** The other participants of the room as this participant's client sees them now. */
  others(): ParticipantView[];
  /**
   * Waits until `check` returns something other than `undefined` or `false` and resolves with it;
   * rejects naming `what` after `timeoutMs` (default 10000).
   */
  until<T>(what: string, check: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  /** Publishes a silent microphone track (for MutePublishedTrack, UpdateSubscriptions, track webhooks). */
  publishAudioTrack(name?: string): Promise<{ sid: string; name: string }>;
  /** Unpublishes a track this participant published. */
  unpublishTrack(sid: string): Promise<void>;
  /** Disconnects; safe to call more than once. */
  leave(): Promise<void>;
}

/** One call of a chaos run: its class (`safe`, `unsafe`, or whatever the test names) and how to make it. */
export interface ChaosCall {
  /** The class the test judges the outcome by, e.g. `safe`, `unsafe`, `killed-node-room`. */
  kind: string;
  /** What the call is, for reports (`ListRooms`). */
  label: string;
  /** Makes the call; a rejection is recorded as the call's failure. */
  run: () => Promise<unknown>;
}

/** How one call of a chaos run went; times in ms since the run started. */
export interface ChaosOutcome {
  kind: string;
  label: string;
  startedAt: number;
  endedAt: number;
  /** What the call rejected with; undefined when it succeeded. */
  error: unknown;
}

/** Options of `runChaos`. */
export interface ChaosOptions {
  /** The node to crash and bring back. */
  node: StackNode;
  /** Calls in flight at any time. */
  concurrency: number;
  /** No call starts after this many ms. */
  durationMs: number;
  /** When the node is SIGKILLed, ms after the start. */
  killAtMs: number;
  /** When it is restarted on its ports, ms after the start. */
  restartAtMs: number;
  /** The `i`-th call of loop `worker`. */
  next: (worker: number, i: number) => ChaosCall;
}

/** What a chaos run did. */
export interface ChaosResult {
  /** Every call, in the order they settled. */
  outcomes: ChaosOutcome[];
  calls: number;
  failed: number;
  /** The slowest call, ms. */
  longestMs: number;
  /** 99th percentile call duration, ms. */
  p99Ms: number;
  /** When the node was gone (after the SIGKILL took effect), ms after the start. */
  killedAt: number;
  /** When the restarted node served again, ms after the start. */
  restartedAt: number;
  /** Whole run, ms, until the last call settled. */
  wallMs: number;
}
