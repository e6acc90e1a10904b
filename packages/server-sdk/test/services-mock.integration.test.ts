// Every Egress, Ingress, SIP, AgentDispatch and Connector RPC against the release's test-server mock,
// which enforces the same grants as the real server (403 permission_denied when one is missing) and
// answers with populated messages. It covers what the real server cannot complete here: egress starts,
// SIP calls and transfers (no workers), and LiveKit Cloud's Connector service.
import "@exlivekit/livekit-stack/vitest";
import { AgentDispatchServiceDescriptor as AgentDispatchDesc } from "@exlivekit/protocol/agent_dispatch";
import { EgressDescriptor as EgressDesc, EncodedFileType, StreamProtocol } from "@exlivekit/protocol/egress";
import { afterAll, describe, expect, inject, it } from "vitest";
import {
  AgentDispatchService,
  Client,
  ConnectorService,
  callRpc,
  EgressService,
  IngressService,
  SipService,
  sipErrorDetails,
  TwirpError,
} from "../src/index.ts";
import { jsonFormat } from "../src/json-format.ts";
import { defineRpc } from "../src/reflect-entry.ts";
import { testTransport } from "./test-transport.ts";

const mock = inject("livekitMock");
const options = {
  host: mock.url,
  apiKey: mock.apiKey,
  apiSecret: mock.apiSecret,
  transport: testTransport(),
};
const client = new Client(options);
afterAll(() => client.close());

const file = { file: { fileType: EncodedFileType.MP4, filepath: "out.mp4" } };
const stream = { stream: { protocol: StreamProtocol.RTMP, urls: ["rtmp://example/live"] } };
const mockHeader = (control: object) => ({ headers: { "x-lk-mock": JSON.stringify(control) } });

describe("the mock enforces grants", () => {
  it("answers 403 permission_denied to a token without the RPC's grant", async () => {
    const err = await callRpc(client, defineRpc(EgressDesc.method.listEgress), {}, { roomList: true }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TwirpError);
    expect(err).toMatchObject({ code: "permission_denied", status: 403 });
  });
});

describe("EgressService on the mock", () => {
  it("every start succeeds with roomRecord and echoes the room", async () => {
    const infos = await Promise.all([
      EgressService.startRoomCompositeEgress(client, "room", [file, stream], {
        layout: "grid",
        audioOnly: true,
      }),
      EgressService.startWebEgress(client, "https://example/page", stream, { awaitStartSignal: true }),
      EgressService.startParticipantEgress(client, "room", "alice", file, { screenShare: true }),
      EgressService.startTrackCompositeEgress(client, "room", file, {
        audioTrackId: "TR_a",
        videoTrackId: "TR_v",
      }),
      EgressService.startTrackEgress(client, "room", "TR_a", { file: { filepath: "t.ogg" } }),
      EgressService.startEgress(client, "room", { template: { layout: "speaker" } }, [
        { file: { filepath: "x.mp4" } },
      ]),
    ]);
    for (const info of infos) expect(info.egressId).toBe("MOCK_EGRESS_ID");
    expect(infos[0]?.roomName).toBe("room");
    expect(infos[5]?.roomName).toBe("room");
  });

  it("updateLayout, updateStream, listEgress, iterateEgress, stopEgress", async () => {
    expect((await EgressService.updateLayout(client, "EG_1", "speaker")).egressId).toBe("EG_1");
    expect((await EgressService.updateStream(client, "EG_1", { addOutputUrls: ["rtmp://a"] })).egressId).toBe(
      "EG_1",
    );
    const list = await EgressService.listEgress(client, { roomName: "room" });
    expect(list).toHaveLength(1);
    const all = [];
    for await (const info of EgressService.iterateEgress(client)) all.push(info);
    expect(all).toHaveLength(1);
    expect((await EgressService.stopEgress(client, "EG_1")).egressId).toBe("EG_1");
  });
});

describe("IngressService on the mock", () => {
  it("create, update, list, iterate, delete with ingressAdmin", async () => {
    const created = await IngressService.createIngress(client, {
      inputType: "WHIP_INPUT",
      name: "cam",
      roomName: "room",
      participantIdentity: "cam",
    });
    expect(created).toMatchObject({ name: "cam", roomName: "room", participantIdentity: "cam" });
    expect((await IngressService.updateIngress(client, "IN_1", { name: "renamed" })).name).toBe("renamed");
    expect(await IngressService.listIngress(client, { roomName: "room" })).toHaveLength(1);
    expect(await IngressService.listIngress(client)).toHaveLength(1);
    let n = 0;
    for await (const _ of IngressService.iterateIngress(client)) n++;
    expect(n).toBe(1);
    expect((await IngressService.deleteIngress(client, "IN_1")).ingressId).toBe("IN_1");
  });
});

describe("SipService on the mock", () => {
  it("every trunk and dispatch-rule call succeeds with sipAdmin", async () => {
    expect((await SipService.createSipInboundTrunk(client, "in", ["+1"])).sipTrunkId).toBe(
      "MOCK_SIP_TRUNK_ID",
    );
    expect((await SipService.createSipOutboundTrunk(client, "out", "sip.example", ["+1"])).sipTrunkId).toBe(
      "MOCK_SIP_TRUNK_ID",
    );
    // The mock fills no nested message on its own: give it the trunk to answer with.
    const withTrunk = mockHeader({ response: { trunk: { sipTrunkId: "ST_1", name: "t" } } });
    expect(await SipService.getSipInboundTrunk(client, "ST_1", withTrunk)).toMatchObject({
      sipTrunkId: "ST_1",
      name: "t",
    });
    expect((await SipService.getSipOutboundTrunk(client, "ST_1", withTrunk)).sipTrunkId).toBe("ST_1");
    await SipService.updateSipInboundTrunk(client, "ST_1", { name: "n" });
    await SipService.updateSipInboundTrunkFields(client, "ST_1", { name: "n" });
    await SipService.updateSipOutboundTrunk(client, "ST_1", { name: "n", address: "a" });
    await SipService.updateSipOutboundTrunkFields(client, "ST_1", { address: "b" });
    expect(await SipService.listSipInboundTrunk(client)).toHaveLength(1);
    expect(await SipService.listSipOutboundTrunk(client)).toHaveLength(1);
    expect(await SipService.listSipTrunk(client)).toHaveLength(1);
    // The mock answers every page with the same single item: iteration must still end.
    const inbound = [];
    for await (const t of SipService.iterateSipInboundTrunk(client, { pageSize: 1 })) inbound.push(t);
    expect(inbound).toHaveLength(1);
    const outbound = [];
    for await (const t of SipService.iterateSipOutboundTrunk(client)) outbound.push(t);
    expect(outbound).toHaveLength(1);
    expect((await SipService.deleteSipTrunk(client, "ST_1")).sipTrunkId).toBe("ST_1");

    const rule = await SipService.createSipDispatchRule(
      client,
      { direct: { roomName: "lobby" } },
      { name: "r" },
    );
    expect(rule.sipDispatchRuleId).toBe("MOCK_SIP_DISPATCH_RULE_ID");
    await SipService.updateSipDispatchRule(client, "SDR_1", { individual: { roomPrefix: "c-" } });
    await SipService.updateSipDispatchRuleFields(client, "SDR_1", { name: "r2" });
    expect(await SipService.listSipDispatchRule(client)).toHaveLength(1);
    const rules = [];
    for await (const r of SipService.iterateSipDispatchRule(client, { pageSize: 1 })) rules.push(r);
    expect(rules).toHaveLength(1);
    expect((await SipService.deleteSipDispatchRule(client, "SDR_1")).sipDispatchRuleId).toBe("SDR_1");
  });

  it("createSipParticipant waiting for an answer outlives a short client deadline; transfer too", async () => {
    // The mock takes ~11 s to "answer" and to transfer; the client's default deadline is 3 s.
    const short = new Client({ ...options, timeoutMs: 3_000 });
    const started = Date.now();
    const [participant] = await Promise.all([
      SipService.createSipParticipant(short, "ST_1", "+15550100", "room", {
        participantIdentity: "callee",
        waitUntilAnswered: true,
        ringingTimeout: 15,
      }),
      SipService.transferSipParticipant(short, "room", "callee", "tel:+15550101", { playDialtone: true }),
    ]);
    expect(Date.now() - started).toBeGreaterThan(10_000);
    expect(participant).toMatchObject({ participantIdentity: "callee", roomName: "room" });
    // An explicit timeoutMs is the caller's choice and is kept.
    const err = await SipService.createSipParticipant(
      short,
      "ST_1",
      "+1",
      "room",
      { waitUntilAnswered: true },
      {
        timeoutMs: 1_000,
      },
    ).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe("timeout");
    await short.close();
  }, 30_000);

  it("a SIP failure carries its status, read by sipErrorDetails", async () => {
    const busy = await SipService.createSipParticipant(
      client,
      "ST_1",
      "+1",
      "room",
      {},
      mockHeader({
        sipStatus: { code: 486, status: "Busy Here" },
      }),
    ).catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(TwirpError);
    expect(sipErrorDetails(busy)).toEqual({ code: 486, status: "Busy Here" });
    const declined = await SipService.transferSipParticipant(
      client,
      "room",
      "callee",
      "tel:+1",
      {},
      mockHeader({
        sipStatus: { code: 603 },
        delayMs: 0,
      }),
    ).catch((e: unknown) => e);
    expect((declined as TwirpError).code).toBe("permission_denied");
    expect(sipErrorDetails(declined)?.code).toBe(603);
  });
});

describe("AgentDispatchService on the mock", () => {
  it("create, get, list, delete with roomAdmin on the room", async () => {
    // The mock checks roomAdmin here but does not decode this service's messages (its room check and
    // canned answers skip it): it answers default messages. The real-server test covers the content.
    expect((await AgentDispatchService.createDispatch(client, "room", "agent", { metadata: "m" })).id).toBe(
      "",
    );
    expect(await AgentDispatchService.listDispatch(client, "room")).toEqual([]);
    await expect(AgentDispatchService.getDispatch(client, "AD_1", "room")).rejects.toMatchObject({
      code: "not_found",
    });
    await AgentDispatchService.deleteDispatch(client, "AD_1", "room");
  });

  it("a token without roomAdmin is refused (so the grant above was checked)", async () => {
    const err = await callRpc(
      client,
      defineRpc(AgentDispatchDesc.method.listDispatch),
      { room: "room" },
      { roomCreate: true, room: "room" },
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "permission_denied", status: 403 });
  });
});

describe("ConnectorService on the mock", () => {
  it("every WhatsApp and Twilio call succeeds with roomCreate", async () => {
    const wa = { whatsappPhoneNumberId: "PN", whatsappApiKey: "key" };
    const dial = await ConnectorService.dialWhatsAppCall(client, {
      ...wa,
      whatsappToPhoneNumber: "+1",
      roomName: "room",
    });
    expect(dial).toMatchObject({ whatsappCallId: "MOCK_WHATSAPP_CALL_ID", roomName: "room" });
    await ConnectorService.disconnectWhatsAppCall(client, "WA_1", "key");
    await ConnectorService.connectWhatsAppCall(client, "WA_1", { type: "answer", sdp: "v=0" });
    const accepted = await ConnectorService.acceptWhatsAppCall(client, {
      ...wa,
      whatsappCallId: "WA_1",
      sdp: { type: "offer", sdp: "v=0" },
      roomName: "room",
    });
    expect(accepted.roomName).toBe("room");
    const twilio = await ConnectorService.connectTwilioCall(client, { roomName: "room" });
    expect(typeof twilio.connectUrl).toBe("string");
  });
});

describe("the JSON wire format on the mock", () => {
  it("sends oneofs, Durations and enums as protobuf JSON the server decodes", async () => {
    const json = new Client({ ...options, format: jsonFormat });
    const egress = await EgressService.startEgress(
      json,
      "room",
      { template: { layout: "grid" } },
      [{ stream: { protocol: StreamProtocol.RTMP, urls: ["rtmp://x"] } }],
      { encoding: { width: 640, height: 360 } },
    );
    expect(egress).toMatchObject({ egressId: "MOCK_EGRESS_ID", roomName: "room" });
    const participant = await SipService.createSipParticipant(json, "ST_1", "+1", "room", {
      participantIdentity: "callee",
      ringingTimeout: 1.5,
    });
    expect(participant).toMatchObject({ participantIdentity: "callee", roomName: "room" });
    const ingress = await IngressService.createIngress(json, {
      inputType: "URL_INPUT",
      url: "https://x/y.m3u8",
      name: "pull",
    });
    expect(ingress.name).toBe("pull");
    await json.close();
  });
});
