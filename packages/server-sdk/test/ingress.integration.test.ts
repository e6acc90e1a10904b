// IngressService against a real livekit-server: with Redis the ingress records live in the store (no
// ingress worker needed for create/list/update/delete); without Redis every call fails with a typed error.
import "@exlivekit/livekit-stack/vitest";
import { IngressInput } from "@exlivekit/protocol/ingress";
import { afterAll, describe, expect, inject, it } from "vitest";
import { Client, IngressService, TwirpError } from "../src/index.ts";
import { testTransport } from "./test-transport.ts";

const lk = inject("livekit");
const noRedis = inject("livekitNoRedis");
const client = new Client({
  host: lk.url,
  apiKey: lk.apiKey,
  apiSecret: lk.apiSecret,
  transport: testTransport(),
});
const roomName = `ingress-${Date.now().toString(36)}`;

afterAll(() => client.close());

describe("IngressService on a real server with Redis", () => {
  it("creates, lists, updates and deletes RTMP and WHIP ingresses", async () => {
    const rtmp = await IngressService.createIngress(client, {
      inputType: "RTMP_INPUT",
      name: "rtmp-in",
      roomName,
      participantIdentity: "streamer",
      participantName: "Streamer",
      participantMetadata: '{"k":1}',
    });
    expect(rtmp.ingressId).toMatch(/^IN_/);
    expect(rtmp.inputType).toBe(IngressInput.RTMP_INPUT);
    expect(rtmp.streamKey).not.toBe("");
    expect(rtmp).toMatchObject({
      name: "rtmp-in",
      roomName,
      participantIdentity: "streamer",
      participantMetadata: '{"k":1}',
    });

    const whip = await IngressService.createIngress(client, {
      inputType: IngressInput.WHIP_INPUT,
      name: "whip-in",
      roomName,
      participantIdentity: "whip",
      enableTranscoding: false,
    });
    expect(whip.inputType).toBe(IngressInput.WHIP_INPUT);

    const inRoom = await IngressService.listIngress(client, { roomName });
    expect(inRoom.map((i) => i.ingressId).sort()).toEqual([rtmp.ingressId, whip.ingressId].sort());
    const byId = await IngressService.listIngress(client, { ingressId: whip.ingressId });
    expect(byId.map((i) => i.name)).toEqual(["whip-in"]);
    const iterated: string[] = [];
    for await (const info of IngressService.iterateIngress(client, { roomName }))
      iterated.push(info.ingressId);
    expect(iterated.sort()).toEqual([rtmp.ingressId, whip.ingressId].sort());

    const updated = await IngressService.updateIngress(client, rtmp.ingressId, {
      name: "renamed",
      participantMetadata: "updated metadata",
    });
    expect(updated).toMatchObject({
      ingressId: rtmp.ingressId,
      name: "renamed",
      participantMetadata: "updated metadata",
    });
    // Omitted settings stay as they were.
    expect(updated.participantIdentity).toBe("streamer");
    const [reloaded] = await IngressService.listIngress(client, { ingressId: rtmp.ingressId });
    expect(reloaded?.name).toBe("renamed");

    const deleted = await IngressService.deleteIngress(client, rtmp.ingressId);
    expect(deleted.ingressId).toBe(rtmp.ingressId);
    await IngressService.deleteIngress(client, whip.ingressId);
    expect(await IngressService.listIngress(client, { roomName })).toEqual([]);
  });

  it("answers a typed not_found for an unknown ingress", async () => {
    const err = await IngressService.deleteIngress(client, "IN_doesnotexist").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TwirpError);
    expect((err as TwirpError).code).toBe("not_found");
    expect((err as TwirpError).status).toBe(404);
    const update = await IngressService.updateIngress(client, "IN_doesnotexist", { name: "x" }).catch(
      (e: unknown) => e,
    );
    expect((update as TwirpError).code).toBe("not_found");
  });
});

describe("IngressService on a real server without Redis", () => {
  const bare = new Client({
    host: noRedis.url,
    apiKey: noRedis.apiKey,
    apiSecret: noRedis.apiSecret,
    transport: testTransport(),
    retry: false,
  });
  afterAll(() => bare.close());

  it("rejects with a typed internal error saying Redis is required", async () => {
    for (const call of [
      () => IngressService.createIngress(bare, { inputType: "RTMP_INPUT", roomName }),
      () => IngressService.listIngress(bare),
    ]) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TwirpError);
      expect(err).toMatchObject({ code: "internal", status: 500 });
      expect((err as TwirpError).msg).toMatch(/redis required/);
    }
  });

  it("UpdateIngress and DeleteIngress without Redis are typed errors too (the server panics internally)", async () => {
    for (const call of [
      () => IngressService.updateIngress(bare, "IN_x", { name: "x" }),
      () => IngressService.deleteIngress(bare, "IN_x"),
    ]) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TwirpError);
      expect(err).toMatchObject({ code: "internal", status: 500 });
    }
  });
});
