import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  CreateSIPDispatchRuleRequestSchema,
  CreateSIPInboundTrunkRequestSchema,
  CreateSIPOutboundTrunkRequestSchema,
  CreateSIPParticipantRequestSchema,
  DeleteSIPDispatchRuleRequestSchema,
  DeleteSIPTrunkRequestSchema,
  GetSIPInboundTrunkRequestSchema,
  ListSIPDispatchRuleRequestSchema,
  ListSIPInboundTrunkRequestSchema,
  SIPTransport,
  TransferSIPParticipantRequestSchema,
  TransferSIPParticipantResponseSchema,
  UpdateSIPDispatchRuleRequestSchema,
  UpdateSIPInboundTrunkRequestSchema,
  UpdateSIPOutboundTrunkRequestSchema,
} from "@exlivekit/protocol/sip";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError, MalformedResponseError, TwirpError } from "../errors.ts";
import { recorder } from "./recorder.test-helper.ts";
import { SipService } from "./sip.ts";
import { sipErrorDetails } from "./sip-errors.ts";

const SIP_ADMIN = { admin: true };

describe("SipService trunks", () => {
  it("creates, updates (replace or fields), lists and deletes with sip.admin only", async () => {
    const r = recorder();
    await SipService.createSipInboundTrunk(r.client, "in", ["+15550100"], {
      allowedAddresses: ["10.0.0.1"],
      krispEnabled: true,
    });
    const createIn = r.last(CreateSIPInboundTrunkRequestSchema);
    expect(createIn.$recorded.path).toBe("/twirp/livekit.SIP/CreateSIPInboundTrunk");
    expect(createIn.trunk).toMatchObject({
      name: "in",
      numbers: ["+15550100"],
      allowedAddresses: ["10.0.0.1"],
      krispEnabled: true,
    });

    await SipService.createSipOutboundTrunk(r.client, "out", "sip.example.com", ["+15550101"], {
      transport: SIPTransport.SIP_TRANSPORT_TLS,
      authUsername: "u",
    });
    expect(r.last(CreateSIPOutboundTrunkRequestSchema).trunk).toMatchObject({
      name: "out",
      address: "sip.example.com",
      transport: SIPTransport.SIP_TRANSPORT_TLS,
    });

    await SipService.updateSipInboundTrunk(r.client, "ST_1", { name: "renamed", numbers: ["+1"] });
    expect(r.last(UpdateSIPInboundTrunkRequestSchema)).toMatchObject({
      sipTrunkId: "ST_1",
      action: { case: "replace", value: { name: "renamed", numbers: ["+1"] } },
    });
    await SipService.updateSipInboundTrunkFields(r.client, "ST_1", { name: "n", numbers: { add: ["+2"] } });
    const fields = r.last(UpdateSIPInboundTrunkRequestSchema);
    expect(fields.action.case).toBe("update");
    expect(fields.action.value).toMatchObject({ name: "n", numbers: { add: ["+2"] } });
    await SipService.updateSipOutboundTrunkFields(r.client, "ST_2", { address: "new.example.com" });
    expect(r.last(UpdateSIPOutboundTrunkRequestSchema).action).toMatchObject({
      case: "update",
      value: { address: "new.example.com" },
    });

    await SipService.listSipInboundTrunk(r.client, { numbers: ["+1"] });
    expect(r.last(ListSIPInboundTrunkRequestSchema)).toMatchObject({ numbers: ["+1"], trunkIds: [] });
    expect(r.last(ListSIPInboundTrunkRequestSchema).page).toBeUndefined();
    await SipService.deleteSipTrunk(r.client, "ST_1");
    expect(r.last(DeleteSIPTrunkRequestSchema).sipTrunkId).toBe("ST_1");
    for (const s of r.sent) {
      expect(s.claims.sip).toEqual(SIP_ADMIN);
      expect(s.claims.video).toBeUndefined();
    }
  });

  it("get rejects a 200 without a trunk as malformed", async () => {
    const r = recorder();
    await expect(SipService.getSipInboundTrunk(r.client, "ST_1")).rejects.toBeInstanceOf(
      MalformedResponseError,
    );
    expect(r.last(GetSIPInboundTrunkRequestSchema).sipTrunkId).toBe("ST_1");
  });

  it("iterate pages by id cursor and stops on a short page", async () => {
    const r = recorder();
    const items: string[] = [];
    for await (const trunk of SipService.iterateSipInboundTrunk(r.client, { pageSize: 2 }))
      items.push(trunk.sipTrunkId);
    expect(items).toEqual([]);
    const page = fromBinary(ListSIPInboundTrunkRequestSchema, r.sent[0]?.body ?? new Uint8Array()).page;
    expect(page).toMatchObject({ afterId: "", limit: 2 });
    expect(() => SipService.iterateSipInboundTrunk(r.client, { pageSize: 0 })).toThrow(/pageSize/);
  });
});

describe("SipService dispatch rules", () => {
  it("sends the rule as a oneof inside dispatchRule", async () => {
    const r = recorder();
    await SipService.createSipDispatchRule(
      r.client,
      { individual: { roomPrefix: "call-", pin: "1234" } },
      {
        name: "rule",
        trunkIds: ["ST_1"],
        attributes: { a: "b" },
      },
    );
    const req = r.last(CreateSIPDispatchRuleRequestSchema);
    expect(req.dispatchRule?.rule?.rule).toMatchObject({
      case: "dispatchRuleIndividual",
      value: { roomPrefix: "call-", pin: "1234" },
    });
    expect(req.dispatchRule).toMatchObject({ name: "rule", trunkIds: ["ST_1"], attributes: { a: "b" } });

    await SipService.updateSipDispatchRule(
      r.client,
      "SDR_1",
      { direct: { roomName: "lobby" } },
      { name: "r2" },
    );
    expect(r.last(UpdateSIPDispatchRuleRequestSchema).action).toMatchObject({
      case: "replace",
      value: { name: "r2", rule: { rule: { case: "dispatchRuleDirect", value: { roomName: "lobby" } } } },
    });
    await SipService.updateSipDispatchRuleFields(r.client, "SDR_1", {
      metadata: "m",
      rule: { callee: { roomPrefix: "c" } },
    });
    expect(r.last(UpdateSIPDispatchRuleRequestSchema).action).toMatchObject({
      case: "update",
      value: { metadata: "m", rule: { rule: { case: "dispatchRuleCallee" } } },
    });
    await SipService.listSipDispatchRule(r.client, { trunkIds: ["ST_1"] });
    expect(r.last(ListSIPDispatchRuleRequestSchema).trunkIds).toEqual(["ST_1"]);
    await SipService.deleteSipDispatchRule(r.client, "SDR_1");
    expect(r.last(DeleteSIPDispatchRuleRequestSchema).sipDispatchRuleId).toBe("SDR_1");
    for (const s of r.sent) expect(s.claims.sip).toEqual(SIP_ADMIN);
  });

  it("rejects a rule that is not exactly one kind", async () => {
    const r = recorder();
    await expect(SipService.createSipDispatchRule(r.client, {} as never)).rejects.toThrow(
      /exactly one of "direct"/,
    );
    await expect(
      SipService.createSipDispatchRule(r.client, { direct: { roomName: "a" }, callee: {} } as never),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(r.sent).toHaveLength(0);
  });
});

describe("SipService calls", () => {
  it("createSipParticipant sends sip.call only, seconds as Durations", async () => {
    const r = recorder();
    await SipService.createSipParticipant(r.client, "ST_1", "+15550100", "room", {
      participantIdentity: "caller",
      ringingTimeout: 20,
      maxCallDuration: 1.5,
      dtmf: "1#",
      headers: { "X-A": "1" },
    });
    const req = r.last(CreateSIPParticipantRequestSchema);
    expect(req.$recorded.claims.sip).toEqual({ call: true });
    expect(req.$recorded.claims.video).toBeUndefined();
    expect(req).toMatchObject({ sipTrunkId: "ST_1", sipCallTo: "+15550100", roomName: "room", dtmf: "1#" });
    expect(req.ringingTimeout).toMatchObject({ seconds: 20n, nanos: 0 });
    expect(req.maxCallDuration).toMatchObject({ seconds: 1n, nanos: 500_000_000 });
    // Not waiting for an answer: the client's default deadline is kept.
    expect(req.$recorded.timeoutMs).toBeLessThanOrEqual(30_000);
  });

  it("waitUntilAnswered raises the deadline past the ringing timeout unless timeoutMs is given", async () => {
    const r = recorder({ timeoutMs: 5_000 });
    await SipService.createSipParticipant(r.client, "ST_1", "+1", "room", {
      waitUntilAnswered: true,
      ringingTimeout: 45,
    });
    expect(r.sent[0]?.timeoutMs).toBeGreaterThan(45_000);
    expect(Number(r.sent[0]?.headers["x-twirp-timeout-ms"])).toBeGreaterThan(45_000);
    await SipService.createSipParticipant(r.client, "ST_1", "+1", "room", { waitUntilAnswered: true });
    expect(r.sent[1]?.timeoutMs).toBeGreaterThan(79_000);
    await SipService.createSipParticipant(
      r.client,
      "ST_1",
      "+1",
      "room",
      { waitUntilAnswered: true },
      { timeoutMs: 2_000 },
    );
    expect(r.sent[2]?.timeoutMs).toBeLessThanOrEqual(2_000);
  });

  it("createSipParticipant names the participant sip-participant unless told, and passes playRingtone", async () => {
    const r = recorder();
    await SipService.createSipParticipant(r.client, "ST_1", "+1", "room", { playRingtone: true });
    expect(r.last(CreateSIPParticipantRequestSchema)).toMatchObject({
      participantIdentity: "sip-participant",
      playRingtone: true,
    });
    await SipService.createSipParticipant(r.client, "ST_1", "+1", "room", { participantIdentity: "callee" });
    expect(r.last(CreateSIPParticipantRequestSchema).participantIdentity).toBe("callee");
  });

  it("transferSipParticipant resolves with the TransferSIPParticipantResponse", async () => {
    const r = recorder({
      respond: () => ({
        status: 200,
        headers: { "content-type": "application/protobuf" },
        body: toBinary(
          TransferSIPParticipantResponseSchema,
          create(TransferSIPParticipantResponseSchema, { transferId: "TR_1" }),
        ),
      }),
    });
    const res = await SipService.transferSipParticipant(r.client, "room", "caller", "tel:+15550100");
    expect(res.transferId).toBe("TR_1");
  });

  it("durations are seconds or duration strings everywhere, trunk fields included", async () => {
    const r = recorder();
    await SipService.createSipParticipant(r.client, "ST_1", "+1", "room", {
      ringingTimeout: "30s",
      maxCallDuration: "1h",
    });
    const req = r.last(CreateSIPParticipantRequestSchema);
    expect(req.ringingTimeout?.seconds).toBe(30n);
    expect(req.maxCallDuration?.seconds).toBe(3600n);
    await SipService.createSipInboundTrunk(r.client, "in", ["+1"], {
      ringingTimeout: 20,
      maxCallDuration: "2h",
    });
    const trunk = r.last(CreateSIPInboundTrunkRequestSchema).trunk;
    expect(trunk?.ringingTimeout?.seconds).toBe(20n);
    expect(trunk?.maxCallDuration?.seconds).toBe(7200n);
    await SipService.updateSipInboundTrunk(r.client, "ST_1", { name: "in", ringingTimeout: "1m" });
    const replaced = r.last(UpdateSIPInboundTrunkRequestSchema).action;
    expect(replaced.case === "replace" && replaced.value.ringingTimeout?.seconds).toBe(60n);
    await expect(
      SipService.createSipParticipant(r.client, "ST_1", "+1", "room", { ringingTimeout: "soon" }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it("an inline trunk replaces the trunk id", async () => {
    const r = recorder();
    await SipService.createSipParticipant(r.client, "", "+1", "room", {
      trunk: { hostname: "sip.example.com" },
    });
    expect(r.last(CreateSIPParticipantRequestSchema).trunk?.hostname).toBe("sip.example.com");
    await expect(SipService.createSipParticipant(r.client, "", "+1", "room")).rejects.toThrow(/sipTrunkId/);
  });

  it("transferSipParticipant needs sip.call plus roomAdmin on the room and outlives the ringing", async () => {
    const r = recorder({ timeoutMs: 1_000 });
    await SipService.transferSipParticipant(r.client, "room", "caller", "tel:+15550100", {
      playDialtone: true,
      headers: { "X-B": "2" },
    });
    const req = r.last(TransferSIPParticipantRequestSchema);
    expect(req.$recorded.claims.sip).toEqual({ call: true });
    expect(req.$recorded.claims.video).toEqual({ roomAdmin: true, room: "room" });
    expect(req).toMatchObject({
      roomName: "room",
      participantIdentity: "caller",
      transferTo: "tel:+15550100",
      playDialtone: true,
    });
    expect(req.$recorded.timeoutMs).toBeGreaterThan(30_000);
  });

  it("rejects bad input before sending anything", async () => {
    const r = recorder();
    const bad = [
      SipService.createSipParticipant(r.client, "ST", "", "room"),
      SipService.createSipParticipant(r.client, "ST", "+1", ""),
      SipService.createSipParticipant(r.client, "ST", "+1", "room", { ringingTimeout: -1 }),
      SipService.transferSipParticipant(r.client, "room", "", "tel:+1"),
      SipService.transferSipParticipant(r.client, "room", "id", "", {}),
      SipService.createSipInboundTrunk(r.client, "", []),
      SipService.createSipOutboundTrunk(r.client, "n", "", []),
      SipService.getSipOutboundTrunk(r.client, ""),
      SipService.deleteSipTrunk(r.client, ""),
      SipService.listSipOutboundTrunk(r.client, { trunkIds: [""] }),
    ];
    for (const call of bad) await expect(call).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(r.sent).toHaveLength(0);
  });
});

describe("SIP dials are not repeated once the far end answered", () => {
  const twirp = (status: number, body: object, headers: Record<string, string> = {}) => ({
    status,
    headers: { "content-type": "application/json", ...headers },
    body: new TextEncoder().encode(JSON.stringify(body)),
  });

  it("a 429 Busy Here with a SIP status is not retried, even with Retry-After", async () => {
    const retry = { maxAttempts: 3, initialDelayMs: 1 };
    const busy = recorder({
      retry,
      respond: () =>
        twirp(
          429,
          {
            code: "resource_exhausted",
            msg: "sip status 486: Busy Here",
            meta: { sip_status_code: "486", sip_status: "Busy Here" },
          },
          { "retry-after": "0" },
        ),
    });
    const err = await SipService.createSipParticipant(busy.client, "ST_1", "+1", "room").catch(
      (e: unknown) => e,
    );
    expect(sipErrorDetails(err)).toEqual({ code: 486, status: "Busy Here" });
    expect(busy.sent).toHaveLength(1);
    const transfer = await SipService.transferSipParticipant(busy.client, "room", "id", "tel:+1").catch(
      (e: unknown) => e,
    );
    expect((transfer as TwirpError).code).toBe("resource_exhausted");
    expect(busy.sent).toHaveLength(2);
  });

  it("a bare 503 is not retried (the dial is unsafe); a 429 with Retry-After and no SIP status is", async () => {
    const retry = { maxAttempts: 3, initialDelayMs: 1 };
    const noWorker = recorder({
      retry,
      respond: () => twirp(503, { code: "unavailable", msg: "no response from servers" }),
    });
    await expect(
      SipService.createSipParticipant(noWorker.client, "ST_1", "+1", "room"),
    ).rejects.toMatchObject({ code: "unavailable", status: 503 });
    expect(noWorker.sent).toHaveLength(1);

    let calls = 0;
    const limited = recorder({
      retry,
      respond: () =>
        ++calls < 2
          ? twirp(429, { code: "resource_exhausted", msg: "slow down" }, { "retry-after": "0" })
          : undefined,
    });
    await SipService.createSipParticipant(limited.client, "ST_1", "+1", "room");
    expect(limited.sent).toHaveLength(2);
  });
});

describe("sipErrorDetails", () => {
  it("reads the SIP status from the Twirp meta", () => {
    const busy = new TwirpError("resource_exhausted", "sip status 486: Busy Here", {
      status: 429,
      meta: { sip_status_code: "486", sip_status: "Busy Here" },
    });
    expect(sipErrorDetails(busy)).toEqual({ code: 486, status: "Busy Here" });
    expect(sipErrorDetails(new TwirpError("internal", "x", { status: 500 }))).toBeUndefined();
    expect(sipErrorDetails(new Error("x"))).toBeUndefined();
    expect(sipErrorDetails(create(CreateSIPParticipantRequestSchema))).toBeUndefined();
  });
});
