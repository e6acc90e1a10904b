// SipService against a real livekit-server: trunks and dispatch rules live in the Redis store (no SIP
// worker needed); placing a call has no SIP worker to reach; without Redis every call is a typed error.
import "@exlivekit/livekit-stack/vitest";
import { SIPTransport } from "@exlivekit/protocol/sip";
import { afterAll, describe, expect, inject, it } from "vitest";
import { Client, RoomService, SipService, sipErrorDetails, TwirpError } from "../src/index.ts";
import { jsonFormat } from "../src/json-format.ts";
import { testTransport } from "./test-transport.ts";

const lk = inject("livekit");
const noRedis = inject("livekitNoRedis");
const options = {
  host: lk.url,
  apiKey: lk.apiKey,
  apiSecret: lk.apiSecret,
  transport: testTransport(),
  retry: false as const,
};
const client = new Client(options);
const tag = Date.now().toString(36);

afterAll(() => client.close());

async function rejection(promise: Promise<unknown>): Promise<TwirpError> {
  const err = await promise.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(TwirpError);
  return err as TwirpError;
}

describe("SipService trunks on a real server with Redis", () => {
  it("inbound trunk: create, get, update by fields and by replacement, list, iterate, delete", async () => {
    const number = `+1555${tag.slice(-6)}`;
    const trunk = await SipService.createSipInboundTrunk(client, `in-${tag}`, [number], {
      allowedAddresses: ["192.0.2.10"],
      metadata: "m1",
      headersToAttributes: { "X-Account": "account" },
    });
    expect(trunk.sipTrunkId).toMatch(/^ST_/);
    expect(trunk).toMatchObject({ name: `in-${tag}`, numbers: [number], allowedAddresses: ["192.0.2.10"] });

    expect((await SipService.getSipInboundTrunk(client, trunk.sipTrunkId)).metadata).toBe("m1");

    const patched = await SipService.updateSipInboundTrunkFields(client, trunk.sipTrunkId, {
      name: `in2-${tag}`,
      numbers: { add: ["+15550000001"] },
    });
    expect(patched.name).toBe(`in2-${tag}`);
    expect(patched.numbers).toEqual([number, "+15550000001"]);
    expect(patched.metadata).toBe("m1");

    const replaced = await SipService.updateSipInboundTrunk(client, trunk.sipTrunkId, {
      name: `in3-${tag}`,
      numbers: [number],
    });
    expect(replaced).toMatchObject({
      name: `in3-${tag}`,
      numbers: [number],
      metadata: "",
      allowedAddresses: [],
    });

    const listed = await SipService.listSipInboundTrunk(client, { trunkIds: [trunk.sipTrunkId] });
    expect(listed.map((t) => t.name)).toEqual([`in3-${tag}`]);
    expect(
      (await SipService.listSipInboundTrunk(client, { numbers: [number] })).map((t) => t.sipTrunkId),
    ).toEqual([trunk.sipTrunkId]);

    await SipService.deleteSipTrunk(client, trunk.sipTrunkId);
    expect((await rejection(SipService.getSipInboundTrunk(client, trunk.sipTrunkId))).code).toBe("not_found");
  });

  it("outbound trunk: create, get, update by fields and by replacement, list, delete", async () => {
    const trunk = await SipService.createSipOutboundTrunk(
      client,
      `out-${tag}`,
      "sip.example.invalid",
      ["+15550100"],
      {
        transport: SIPTransport.SIP_TRANSPORT_TCP,
        authUsername: "user",
        authPassword: "pass",
      },
    );
    expect(trunk).toMatchObject({
      address: "sip.example.invalid",
      transport: SIPTransport.SIP_TRANSPORT_TCP,
    });
    expect((await SipService.getSipOutboundTrunk(client, trunk.sipTrunkId)).authUsername).toBe("user");
    const patched = await SipService.updateSipOutboundTrunkFields(client, trunk.sipTrunkId, {
      address: "sip2.example.invalid",
    });
    expect(patched).toMatchObject({ address: "sip2.example.invalid", authUsername: "user" });
    const replaced = await SipService.updateSipOutboundTrunk(client, trunk.sipTrunkId, {
      name: "r",
      address: "sip3.example.invalid",
      numbers: ["+15550101"],
    });
    expect(replaced).toMatchObject({ name: "r", address: "sip3.example.invalid", authUsername: "" });
    const listed = await SipService.listSipOutboundTrunk(client, { trunkIds: [trunk.sipTrunkId] });
    expect(listed.map((t) => t.address)).toEqual(["sip3.example.invalid"]);
    await SipService.deleteSipTrunk(client, trunk.sipTrunkId);
    expect(await SipService.listSipOutboundTrunk(client, { trunkIds: [trunk.sipTrunkId] })).toEqual([]);
  });

  it("iterates every trunk page by page", async () => {
    const created = [];
    for (let i = 0; i < 5; i++) {
      created.push(
        await SipService.createSipInboundTrunk(client, `page-${tag}-${i}`, [`+1666${tag.slice(-5)}${i}`]),
      );
    }
    const ids: string[] = [];
    for await (const t of SipService.iterateSipInboundTrunk(client, { pageSize: 2 })) ids.push(t.sipTrunkId);
    for (const t of created) expect(ids).toContain(t.sipTrunkId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const t of created) await SipService.deleteSipTrunk(client, t.sipTrunkId);
  });

  it("unknown trunk ids: get and update are not_found, delete succeeds (the server ignores it)", async () => {
    expect((await rejection(SipService.getSipInboundTrunk(client, "ST_unknown"))).code).toBe("not_found");
    expect((await rejection(SipService.getSipOutboundTrunk(client, "ST_unknown"))).status).toBe(404);
    const update = await rejection(
      SipService.updateSipOutboundTrunkFields(client, "ST_unknown", { name: "x" }),
    );
    expect(update.code).toBe("not_found");
    await expect(SipService.deleteSipTrunk(client, "ST_unknown")).resolves.toBeDefined();
  });
});

describe("SipService dispatch rules on a real server with Redis", () => {
  it("create, update by fields and by replacement, list, iterate, delete; unknown ids are not_found", async () => {
    const rule = await SipService.createSipDispatchRule(
      client,
      { individual: { roomPrefix: `call-${tag}-` } },
      {
        name: `rule-${tag}`,
        metadata: "m",
        attributes: { team: "support" },
      },
    );
    expect(rule.sipDispatchRuleId).toMatch(/^SDR_/);
    expect(rule.rule?.rule).toMatchObject({
      case: "dispatchRuleIndividual",
      value: { roomPrefix: `call-${tag}-` },
    });

    const patched = await SipService.updateSipDispatchRuleFields(client, rule.sipDispatchRuleId, {
      metadata: "m2",
      rule: { direct: { roomName: "lobby", pin: "1234" } },
    });
    expect(patched).toMatchObject({ name: `rule-${tag}`, metadata: "m2" });
    expect(patched.rule?.rule).toMatchObject({
      case: "dispatchRuleDirect",
      value: { roomName: "lobby", pin: "1234" },
    });

    const replaced = await SipService.updateSipDispatchRule(client, rule.sipDispatchRuleId, {
      callee: { roomPrefix: "c-" },
    });
    expect(replaced).toMatchObject({ name: "", metadata: "" });
    expect(replaced.rule?.rule.case).toBe("dispatchRuleCallee");

    const listed = await SipService.listSipDispatchRule(client, {
      dispatchRuleIds: [rule.sipDispatchRuleId],
    });
    expect(listed.map((r) => r.sipDispatchRuleId)).toEqual([rule.sipDispatchRuleId]);
    const iterated: string[] = [];
    for await (const r of SipService.iterateSipDispatchRule(client, { pageSize: 1 }))
      iterated.push(r.sipDispatchRuleId);
    expect(iterated).toContain(rule.sipDispatchRuleId);

    const deleted = await SipService.deleteSipDispatchRule(client, rule.sipDispatchRuleId);
    expect(deleted.sipDispatchRuleId).toBe(rule.sipDispatchRuleId);
    expect((await rejection(SipService.deleteSipDispatchRule(client, rule.sipDispatchRuleId))).code).toBe(
      "not_found",
    );
    const update = await rejection(
      SipService.updateSipDispatchRuleFields(client, "SDR_unknown", { name: "x" }),
    );
    expect(update).toMatchObject({ code: "not_found", status: 404 });
  });
});

describe("SipService calls on a real server with Redis (no SIP worker)", () => {
  it("createSipParticipant: an unknown trunk is not_found; a real trunk gets unavailable after ~1 s", async () => {
    const roomName = `sip-${tag}`;
    await RoomService.createRoom(client, roomName, { emptyTimeout: 30 });
    const unknown = await rejection(
      SipService.createSipParticipant(client, "ST_unknown", "+15550100", roomName),
    );
    expect(unknown.code).toBe("not_found");

    const trunk = await SipService.createSipOutboundTrunk(client, `call-${tag}`, "sip.example.invalid", [
      "+15550102",
    ]);
    const started = Date.now();
    const err = await rejection(
      SipService.createSipParticipant(client, trunk.sipTrunkId, "+15550100", roomName, {
        participantIdentity: "callee",
        waitUntilAnswered: true,
        ringingTimeout: 5,
      }),
    );
    expect(err).toMatchObject({ code: "unavailable", status: 503, retryable: true });
    expect(Date.now() - started).toBeLessThan(5_000);
    // No SIP exchange happened, so there is no SIP status to read.
    expect(sipErrorDetails(err)).toBeUndefined();
    await SipService.deleteSipTrunk(client, trunk.sipTrunkId);
    await RoomService.deleteRoom(client, roomName);
  });

  it("transferSipParticipant of an unknown participant is not_found", async () => {
    const err = await rejection(
      SipService.transferSipParticipant(client, `sip-${tag}-none`, "nobody", "tel:+15550100"),
    );
    expect(err).toMatchObject({ code: "not_found", status: 404 });
  });
});

describe("SipService over the JSON wire format", () => {
  it("round-trips a trunk with Durations and a dispatch rule oneof", async () => {
    const json = new Client({ ...options, format: jsonFormat });
    const trunk = await SipService.createSipInboundTrunk(json, `json-${tag}`, ["+15550177"], {
      ringingTimeout: { seconds: 25n },
      maxCallDuration: { seconds: 3600n },
      headers: { "X-A": "1" },
    });
    expect(trunk.ringingTimeout?.seconds).toBe(25n);
    expect(trunk.maxCallDuration?.seconds).toBe(3600n);
    const rule = await SipService.createSipDispatchRule(
      json,
      { direct: { roomName: "lobby", pin: "42" } },
      {
        trunkIds: [trunk.sipTrunkId],
      },
    );
    expect(rule.rule?.rule).toMatchObject({
      case: "dispatchRuleDirect",
      value: { roomName: "lobby", pin: "42" },
    });
    expect(rule.trunkIds).toEqual([trunk.sipTrunkId]);
    await SipService.deleteSipDispatchRule(json, rule.sipDispatchRuleId);
    await SipService.deleteSipTrunk(json, trunk.sipTrunkId);
    await json.close();
  });
});

describe("SipService on a real server without Redis", () => {
  it("every call is a typed internal error saying Redis is required", async () => {
    const bare = new Client({
      ...options,
      host: noRedis.url,
      apiKey: noRedis.apiKey,
      apiSecret: noRedis.apiSecret,
    });
    for (const call of [
      () => SipService.createSipInboundTrunk(bare, "x", ["+1"]),
      () => SipService.listSipOutboundTrunk(bare),
      () => SipService.listSipDispatchRule(bare),
      () => SipService.createSipParticipant(bare, "ST_x", "+15550100", "room"),
    ]) {
      const err = await rejection(call());
      expect(err).toMatchObject({ code: "internal", status: 500 });
      expect(err.msg).toMatch(/sip not connected \(redis required\)/);
    }
    await bare.close();
  });
});
