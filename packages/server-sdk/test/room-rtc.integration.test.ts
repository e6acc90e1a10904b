// RoomService happy paths that need a participant with a real WebRTC client (@livekit/rtc-node):
// RPC handlers, data delivery, a published track to mute, a subscription to update.
import "@exlivekit/livekit-stack/vitest";
import { AccessToken } from "@exlivekit/token";
import {
  AudioSource,
  LocalAudioTrack,
  Room,
  RoomEvent,
  TrackPublishOptions,
  TrackSource,
} from "@livekit/rtc-node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Client, RoomService } from "../src/index.ts";
import { testTransport } from "./test-transport.ts";

const lk = inject("livekit");
const roomName = `rtc-${Date.now().toString(36)}`;
let client: Client;
const rooms: Room[] = [];

async function join(identity: string): Promise<Room> {
  const jwt = await new AccessToken({ apiKey: lk.apiKey, apiSecret: lk.apiSecret })
    .addIdentity(identity)
    .addGrants({ roomJoin: true, room: roomName, canPublish: true, canSubscribe: true, canPublishData: true })
    .toJwt();
  const room = new Room();
  await room.connect(lk.wsUrl, jwt, { autoSubscribe: false, dynacast: false });
  rooms.push(room);
  return room;
}

describe("RoomService with rtc-node participants", () => {
  let alice: Room;
  let trackSid: string;

  beforeAll(async () => {
    client = new Client({
      host: lk.url,
      apiKey: lk.apiKey,
      apiSecret: lk.apiSecret,
      transport: testTransport(),
    });
    await RoomService.createRoom(client, roomName, { emptyTimeout: 30 });
    alice = await join("alice");
    await join("bob");
    const source = new AudioSource(48_000, 1);
    const track = LocalAudioTrack.createAudioTrack("mic", source);
    const publication = await alice.localParticipant?.publishTrack(
      track,
      new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE }),
    );
    trackSid = publication?.sid ?? "";
  }, 60_000);

  afterAll(async () => {
    await Promise.all(rooms.map((r) => r.disconnect()));
    await RoomService.deleteRoom(client, roomName).catch(() => undefined);
    await client.close();
  });

  it("performRpc returns the participant handler's answer", async () => {
    alice.localParticipant?.registerRpcMethod(
      "greet",
      async (data) => `hello ${data.payload} from ${data.callerIdentity}`,
    );
    const answer = await RoomService.performRpc(client, roomName, "alice", "greet", "world", {
      responseTimeoutMs: 5_000,
    });
    expect(answer).toMatch(/^hello world from /);
  });

  it("sendData reaches the destination with its topic", async () => {
    const received = new Promise<{ text: string; topic: string | undefined }>((resolve) => {
      alice.on(RoomEvent.DataReceived, (payload: Uint8Array, _p: unknown, _k: unknown, topic?: string) =>
        resolve({ text: new TextDecoder().decode(payload), topic }),
      );
    });
    await RoomService.sendData(client, roomName, "ping", { topic: "chat", destinationIdentities: ["alice"] });
    await expect(received).resolves.toEqual({ text: "ping", topic: "chat" });
  });

  it("mutePublishedTrack mutes a real published track", async () => {
    expect(trackSid).toMatch(/^TR_/);
    const track = await RoomService.mutePublishedTrack(client, roomName, "alice", trackSid, true);
    expect(track).toMatchObject({ sid: trackSid, muted: true });
    const info = await RoomService.getParticipant(client, roomName, "alice");
    expect(info.tracks.find((t) => t.sid === trackSid)?.muted).toBe(true);
  });

  it("updateSubscriptions subscribes another participant to the track", async () => {
    await expect(
      RoomService.updateSubscriptions(client, roomName, "bob", [trackSid], true),
    ).resolves.toBeUndefined();
    await expect(
      RoomService.updateSubscriptions(client, roomName, "bob", [trackSid], false),
    ).resolves.toBeUndefined();
  });
});
