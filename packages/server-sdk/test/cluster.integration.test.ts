// Every service against a real two-node cluster (two livekit-servers on one Redis): the room lives on
// node A (pinned with CreateRoom's nodeId) and every call goes to node B, which routes it to A over Redis.
// A real WebRTC participant joins through A and is managed through B.
import {
  joinParticipant,
  type Stack,
  type StackNode,
  startStack,
  type TestParticipant,
  webhookSink,
} from "@exlivekit/livekit-stack";
import { IngressInput } from "@exlivekit/protocol/ingress";
import { RoomServiceDescriptor } from "@exlivekit/protocol/room";
import { WebhookReceiver } from "@exlivekit/webhook";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AgentDispatchService,
  Client,
  IngressService,
  type Interceptor,
  RoomService,
  SipService,
} from "../src/index.ts";
import { testTransport } from "./test-transport.ts";

const tag = Date.now().toString(36);
let cluster: Stack;
let nodeA: StackNode;
let nodeB: StackNode;
let viaA: Client;
let viaB: Client;

/** The RoomService RPCs node B answered (with any status): every one must be among them. */
const roomRpcsAnsweredByB = new Set<string>();
const recordRoomRpcs: Interceptor = (next) => async (req) => {
  const response = await next(req);
  if (req.service === RoomServiceDescriptor.typeName) roomRpcsAnsweredByB.add(req.rpc);
  return response;
};

function clientOf(node: StackNode, interceptors: Interceptor[] = []): Client {
  return new Client({
    host: node.url,
    apiKey: cluster.apiKey,
    apiSecret: cluster.apiSecret,
    transport: testTransport(),
    interceptors,
  });
}

beforeAll(async () => {
  cluster = await startStack({ redis: true, nodes: 2 });
  [nodeA, nodeB] = cluster.nodes as [StackNode, StackNode];
  viaA = clientOf(nodeA);
  viaB = clientOf(nodeB, [recordRoomRpcs]);
}, 60_000);

afterAll(async () => {
  await viaA?.close();
  await viaB?.close();
  await cluster?.stop();
});

describe("RoomService: a room on node A, every call through node B", () => {
  const room = `cluster-room-${tag}`;
  const other = `cluster-other-${tag}`;
  let alice: TestParticipant;
  let bob: TestParticipant;

  beforeAll(async () => {
    const created = await RoomService.createRoom(viaB, room, {
      nodeId: nodeA.nodeId,
      emptyTimeout: 60,
      metadata: "m0",
    });
    expect(created.name).toBe(room);
    await RoomService.createRoom(viaB, other, { nodeId: nodeA.nodeId, emptyTimeout: 60 });
    alice = await joinParticipant({ ...cluster, wsUrl: nodeA.wsUrl }, room, "alice", { name: "Alice" });
    bob = await joinParticipant({ ...cluster, wsUrl: nodeA.wsUrl }, room, "bob", { autoSubscribe: false });
  }, 60_000);

  afterAll(async () => {
    await alice?.leave();
    await bob?.leave();
  });

  it("lists the room and updates its metadata", async () => {
    const listed = await RoomService.listRooms(viaB, { names: [room] });
    expect(listed.map((r) => r.name)).toEqual([room]);
    const updated = await RoomService.updateRoomMetadata(viaB, room, "m1");
    expect(updated.metadata).toBe("m1");
    // Node A answers the update at once but stores the room in Redis afterwards; a listing (which reads
    // Redis on any node) sees the new metadata a moment later.
    await expect
      .poll(async () => (await RoomService.listRooms(viaA, { names: [room] }))[0]?.metadata, {
        timeout: 5_000,
      })
      .toBe("m1");
  });

  it("lists, gets and updates the participant that joined through node A", async () => {
    const identities = (await RoomService.listParticipants(viaB, room)).map((p) => p.identity).sort();
    expect(identities).toEqual(["alice", "bob"]);
    expect((await RoomService.getParticipant(viaB, room, "alice")).name).toBe("Alice");
    const updated = await RoomService.updateParticipant(viaB, room, "alice", {
      metadata: "from-b",
      attributes: { via: "b" },
    });
    expect(updated).toMatchObject({ metadata: "from-b", attributes: { via: "b" } });
    await alice.until("alice on A sees the metadata set through B", () => alice.self().metadata === "from-b");
    // Read back from Redis, which the hosting node updates after it answers (as for the room above).
    await expect
      .poll(async () => (await RoomService.getParticipant(viaA, room, "alice")).metadata, { timeout: 5_000 })
      .toBe("from-b");
  });

  it("mutes a track published on node A and updates a subscription to it", async () => {
    const track = await alice.publishAudioTrack("mic");
    const asBobSees = () =>
      bob
        .others()
        .flatMap((p) => p.tracks)
        .find((t) => t.sid === track.sid);
    await bob.until("bob on A learns of alice's track", () => asBobSees() !== undefined);
    expect(asBobSees()?.subscribed).toBe(false);
    await RoomService.updateSubscriptions(viaB, room, "bob", [track.sid], true);
    await bob.until("bob subscribed through B", () => asBobSees()?.subscribed === true);
    const muted = await RoomService.mutePublishedTrack(viaB, room, "alice", track.sid, true);
    expect(muted).toMatchObject({ sid: track.sid, muted: true });
    await alice.until("alice on A sees her track muted through B", () =>
      alice.self().tracks.some((t) => t.sid === track.sid && t.muted),
    );
    await alice.unpublishTrack(track.sid);
  });

  it("sends data and performs an RPC on the participant through node B", async () => {
    alice.registerRpcMethod("where", async ({ payload }) => `alice on A got ${payload}`);
    expect(await RoomService.performRpc(viaB, room, "alice", "where", "hi from B")).toBe(
      "alice on A got hi from B",
    );
    await RoomService.sendData(viaB, room, "via-b", { topic: "cluster", destinationIdentities: ["alice"] });
    const data = await alice.waitForData((d) => d.topic === "cluster", 10_000);
    expect(new TextDecoder().decode(data.payload)).toBe("via-b");
  });

  it("answers Forward and Move (cloud-only) with the server's typed error, and removes a participant", async () => {
    // The open-source server routes both to the room's node, which says it cannot.
    for (const call of [RoomService.forwardParticipant, RoomService.moveParticipant]) {
      await expect(call(viaB, room, "bob", other)).rejects.toMatchObject({ code: "unknown", status: 500 });
    }
    await RoomService.removeParticipant(viaB, room, "alice");
    await expect
      .poll(async () => (await RoomService.listParticipants(viaB, room)).map((p) => p.identity), {
        timeout: 10_000,
      })
      .toEqual(["bob"]);
  });

  it("deletes the room through node B; node A agrees", async () => {
    await RoomService.deleteRoom(viaB, room);
    await RoomService.deleteRoom(viaB, other);
    expect(await RoomService.listRooms(viaA, { names: [room, other] })).toEqual([]);
  });

  // Last of this block: a RoomService RPC added to the protocol fails here until a test above sends it.
  it("sent every RoomService RPC through node B", () => {
    expect([...roomRpcsAnsweredByB].sort()).toEqual(RoomServiceDescriptor.methods.map((m) => m.name).sort());
  });
});

describe("AgentDispatch, Ingress and SIP CRUD across nodes", () => {
  it("dispatches an agent into a room on node A through node B", async () => {
    const room = `cluster-dispatch-${tag}`;
    await RoomService.createRoom(viaA, room, { nodeId: nodeA.nodeId, emptyTimeout: 60 });
    const dispatch = await AgentDispatchService.createDispatch(viaB, room, "cluster-agent", {
      metadata: "m",
    });
    expect(dispatch.id).toMatch(/^AD_/);
    expect((await AgentDispatchService.getDispatch(viaA, dispatch.id, room))?.agentName).toBe(
      "cluster-agent",
    );
    expect((await AgentDispatchService.listDispatch(viaB, room)).map((d) => d.id)).toContain(dispatch.id);
    await AgentDispatchService.deleteDispatch(viaB, dispatch.id, room);
    expect((await AgentDispatchService.listDispatch(viaA, room)).map((d) => d.id)).not.toContain(dispatch.id);
    await RoomService.deleteRoom(viaB, room);
  });

  it("creates an ingress through one node and manages it through the other", async () => {
    const ingress = await IngressService.createIngress(viaA, {
      inputType: IngressInput.RTMP_INPUT,
      name: `in-${tag}`,
      roomName: `cluster-ingress-${tag}`,
      participantIdentity: "streamer",
    });
    expect(
      (await IngressService.listIngress(viaB, { ingressId: ingress.ingressId })).map((i) => i.name),
    ).toEqual([`in-${tag}`]);
    const updated = await IngressService.updateIngress(viaB, ingress.ingressId, { name: `in2-${tag}` });
    expect(updated.name).toBe(`in2-${tag}`);
    await IngressService.deleteIngress(viaB, ingress.ingressId);
    await expect(IngressService.listIngress(viaA, { ingressId: ingress.ingressId })).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("creates, updates and deletes SIP trunks and a dispatch rule across the two nodes", async () => {
    const trunk = await SipService.createSipInboundTrunk(viaA, `trunk-${tag}`, [`+1666${tag.slice(-6)}`]);
    expect((await SipService.getSipInboundTrunk(viaB, trunk.sipTrunkId)).name).toBe(`trunk-${tag}`);
    await SipService.updateSipInboundTrunkFields(viaB, trunk.sipTrunkId, { name: `trunk2-${tag}` });
    expect((await SipService.getSipInboundTrunk(viaA, trunk.sipTrunkId)).name).toBe(`trunk2-${tag}`);
    const out = await SipService.createSipOutboundTrunk(viaB, `out-${tag}`, "sip.example.com", ["+15550001"]);
    expect((await SipService.getSipOutboundTrunk(viaA, out.sipTrunkId)).address).toBe("sip.example.com");
    const rule = await SipService.createSipDispatchRule(
      viaA,
      { individual: { roomPrefix: `cluster-call-${tag}-` } },
      { trunkIds: [trunk.sipTrunkId], name: `rule-${tag}` },
    );
    expect(
      (await SipService.listSipDispatchRule(viaB, { dispatchRuleIds: [rule.sipDispatchRuleId] }))[0]?.name,
    ).toBe(`rule-${tag}`);
    await SipService.updateSipDispatchRuleFields(viaB, rule.sipDispatchRuleId, { metadata: "via-b" });
    expect(
      (await SipService.listSipDispatchRule(viaA, { dispatchRuleIds: [rule.sipDispatchRuleId] }))[0]
        ?.metadata,
    ).toBe("via-b");
    await SipService.deleteSipDispatchRule(viaB, rule.sipDispatchRuleId);
    await SipService.deleteSipTrunk(viaB, trunk.sipTrunkId);
    await SipService.deleteSipTrunk(viaA, out.sipTrunkId);
    expect((await SipService.listSipInboundTrunk(viaA)).map((t) => t.sipTrunkId)).not.toContain(
      trunk.sipTrunkId,
    );
  });
});

describe("webhooks from both nodes", () => {
  it("each node posts room_started and room_finished for the rooms it hosts, signed with the cluster's key", async () => {
    const sink = webhookSink(cluster.sinkUrl);
    const receiver = new WebhookReceiver({ apiKey: cluster.apiKey, apiSecret: cluster.apiSecret });
    for (const [node, number, through] of [
      [nodeA, 1, viaB],
      [nodeB, 2, viaA],
    ] as const) {
      const room = `cluster-hook-${number}-${tag}`;
      await RoomService.createRoom(through, room, { nodeId: node.nodeId });
      const started = await sink.waitFor({ event: "room_started", room }, 10_000);
      await RoomService.deleteRoom(through, room);
      const finished = await sink.waitFor({ event: "room_finished", room }, 10_000);
      for (const [delivery, event] of [
        [started, "room_started"],
        [finished, "room_finished"],
      ] as const) {
        // The harness gives each node its own query on the sink's URL: this names the sender.
        expect(delivery.path, `${event} of a room on node ${number}`).toBe(`/hook?node=${number}`);
        const verified = await receiver.receive(delivery.body, delivery.headers["authorization"]);
        expect(verified).toMatchObject({ event, room: { name: room } });
      }
    }
  });
});
