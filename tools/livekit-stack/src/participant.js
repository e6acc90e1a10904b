// @ts-check
import { mintToken } from "./token.js";

/** @import { JoinOptions, JoinTarget, ParticipantView, ReceivedData, RpcHandler, TestParticipant } from "./types.js" */

/**
 * Puts a real WebRTC participant (`@livekit/rtc-node`, over loopback) into `room` until `leave()`.
 * The join token is signed here with publish, subscribe and data grants.
 * @param {JoinTarget} target
 * @param {string} room
 * @param {string} identity
 * @param {JoinOptions} [options]
 * @returns {Promise<TestParticipant>}
 */
export async function joinParticipant(target, room, identity, options = {}) {
  const { Room, RoomEvent } = await loadRtcNode();
  const token = mintToken(target.apiKey, target.apiSecret, {
    sub: identity,
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.metadata === undefined ? {} : { metadata: options.metadata }),
    ...(options.attributes === undefined ? {} : { attributes: options.attributes }),
    video: { roomJoin: true, room, canPublish: true, canSubscribe: true, canPublishData: true },
  });
  const lkRoom = new Room();
  /** @type {ReceivedData[]} */
  const received = [];
  /** @type {Set<() => void>} */
  const dataWaiters = new Set();
  let probeArrived = false;
  lkRoom.on(RoomEvent.DataReceived, (payload, participant, kind, topic) => {
    if (topic === PROBE_TOPIC) {
      probeArrived = true;
      return;
    }
    received.push({
      payload: new Uint8Array(payload),
      topic,
      senderIdentity: participant?.identity,
      // rtc-node's DataPacketKind: KIND_LOSSY = 0, KIND_RELIABLE = 1.
      kind: kind === 0 ? "lossy" : kind === 1 ? "reliable" : undefined,
    });
    for (const wake of dataWaiters) wake();
  });
  const timeoutMs = options.timeoutMs ?? 20_000;
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  try {
    await Promise.race([
      lkRoom.connect(target.wsUrl, token, { autoSubscribe: options.autoSubscribe ?? true, dynacast: false }),
      new Promise((_, reject) => {
        timer = setTimeout(
          () =>
            reject(new Error(`participant ${identity} could not join room ${room} within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
  } catch (error) {
    await lkRoom.disconnect().catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
  }
  const local = lkRoom.localParticipant;
  if (local === undefined) {
    await lkRoom.disconnect().catch(() => undefined);
    throw new Error(`participant ${identity} joined room ${room} but has no local participant`);
  }
  try {
    await untilDataArrives(target, room, identity, () => probeArrived, timeoutMs);
  } catch (error) {
    await lkRoom.disconnect().catch(() => undefined);
    throw error;
  }
  /** @type {Promise<void> | undefined} */
  let leaving;
  return {
    identity,
    room,
    received,
    registerRpcMethod(method, /** @type {RpcHandler} */ handler) {
      local.registerRpcMethod(method, (data) =>
        handler({
          requestId: data.requestId,
          callerIdentity: data.callerIdentity,
          payload: data.payload,
          responseTimeout: data.responseTimeout,
        }),
      );
    },
    waitForData(predicate = () => true, waitMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = received.find(predicate);
          if (match === undefined) return false;
          clearTimeout(giveUp);
          dataWaiters.delete(wake);
          resolve(match);
          return true;
        };
        const wake = () => {
          check();
        };
        const giveUp = setTimeout(() => {
          dataWaiters.delete(wake);
          reject(new Error(`participant ${identity} received no matching data within ${waitMs} ms`));
        }, waitMs);
        if (!check()) dataWaiters.add(wake);
      });
    },
    self() {
      return viewOf(local, () => true);
    },
    others() {
      return [...lkRoom.remoteParticipants.values()].map((p) =>
        viewOf(p, (t) => /** @type {{ subscribed: boolean }} */ (t).subscribed),
      );
    },
    async until(what, check, waitMs = 10_000) {
      // Polling the SDK's state (bounded) instead of listening to events: a state reached before the
      // call counts too, and no listener is left behind on timeout.
      const deadline = Date.now() + waitMs;
      for (;;) {
        const value = check();
        if (value !== undefined && value !== false) return value;
        if (Date.now() >= deadline)
          throw new Error(`participant ${identity}: ${what} did not happen within ${waitMs} ms`);
        await sleep(20);
      }
    },
    async publishAudioTrack(name = "microphone") {
      const { AudioSource, LocalAudioTrack, TrackPublishOptions, TrackSource } = await loadRtcNode();
      // A silent source is enough: the server only needs the published track, not its media.
      const track = LocalAudioTrack.createAudioTrack(name, new AudioSource(48_000, 1));
      const publication = await local.publishTrack(
        track,
        new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE }),
      );
      if (publication.sid === undefined)
        throw new Error(`participant ${identity}: published track has no sid`);
      return { sid: publication.sid, name };
    },
    async unpublishTrack(sid) {
      await local.unpublishTrack(sid);
    },
    leave() {
      leaving ??= lkRoom.disconnect();
      return leaving;
    },
  };
}

/**
 * A participant as an rtc-node client sees it.
 * @template {import("@livekit/rtc-node").TrackPublication} T
 * @param {{ identity: string, name: string | undefined, metadata: string, attributes: Record<string, string>, trackPublications: Map<string, T> }} participant
 * @param {(publication: T) => boolean} subscribed
 * @returns {ParticipantView}
 */
function viewOf(participant, subscribed) {
  return {
    identity: participant.identity,
    name: participant.name ?? "",
    metadata: participant.metadata,
    attributes: { ...participant.attributes },
    tracks: [...participant.trackPublications.values()].map((t) => ({
      sid: t.sid ?? "",
      name: t.name ?? "",
      muted: t.muted ?? false,
      subscribed: subscribed(t),
    })),
  };
}

/** Topic of the harness's own readiness probe; such data never shows up in `received`. */
const PROBE_TOPIC = "exlivekit-stack/ready";

/**
 * `connect()` resolves before the server has the participant's data channel: a PerformRpc or SendData
 * right then fails with "data channel is not available" or is dropped. So the join waits until data
 * the server sends actually arrives: a probe through RoomService.SendData, repeated until one lands.
 * @param {JoinTarget} target
 * @param {string} room
 * @param {string} identity
 * @param {() => boolean} arrived
 * @param {number} timeoutMs
 */
async function untilDataArrives(target, room, identity, arrived, timeoutMs) {
  const url = new URL("/twirp/livekit.RoomService/SendData", target.wsUrl.replace(/^ws/, "http"));
  const token = mintToken(target.apiKey, target.apiSecret, { video: { roomAdmin: true, room } });
  const body = JSON.stringify({
    room,
    data: Buffer.from("ready").toString("base64"),
    kind: "RELIABLE",
    topic: PROBE_TOPIC,
    destination_identities: [identity],
  });
  const deadline = Date.now() + timeoutMs;
  let lastAnswer = "";
  while (Date.now() < deadline) {
    const response = await fetch(url, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body,
    });
    lastAnswer = `${response.status} ${(await response.text()).slice(0, 200)}`;
    for (let waited = 0; waited < 250 && !arrived(); waited += 10) await sleep(10);
    if (arrived()) return;
  }
  throw new Error(
    `participant ${identity} joined room ${room} but received no data within ${timeoutMs} ms ` +
      `(last SendData answer: ${lastAnswer})`,
  );
}

/** @param {number} ms */
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** @type {Promise<typeof import("@livekit/rtc-node")> | undefined} */
let rtcNode;

/**
 * Loaded on first use: the native binding is only needed by tests that join rooms. rtc-node picks its
 * log level once, at import, from NODE_ENV (debug unless "production"), and would print a line per
 * connection into every test run's output.
 */
function loadRtcNode() {
  rtcNode ??= (async () => {
    const previous = process.env["NODE_ENV"];
    process.env["NODE_ENV"] = "production";
    try {
      return await import("@livekit/rtc-node");
    } finally {
      if (previous === undefined) delete process.env["NODE_ENV"];
      else process.env["NODE_ENV"] = previous;
    }
  })();
  return rtcNode;
}
