import {
  CreateIngressRequestSchema,
  DeleteIngressRequestSchema,
  IngressInput,
  IngressVideoEncodingPreset,
  ListIngressRequestSchema,
  UpdateIngressRequestSchema,
} from "@exlivekit/protocol/ingress";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.ts";
import { IngressService } from "./ingress.ts";
import { recorder } from "./recorder.test-helper.ts";

describe("IngressService request shaping", () => {
  it("createIngress sends every option with the ingressAdmin grant only", async () => {
    const r = recorder();
    await IngressService.createIngress(r.client, {
      inputType: "WHIP_INPUT",
      name: "cam",
      roomName: "room",
      participantIdentity: "streamer",
      participantName: "Streamer",
      participantMetadata: "{}",
      enableTranscoding: true,
      enabled: false,
      video: {
        name: "v",
        encodingOptions: { case: "preset", value: IngressVideoEncodingPreset.H264_720P_30FPS_1_LAYER },
      },
    });
    const req = r.last(CreateIngressRequestSchema);
    expect(req.$recorded.path).toBe("/twirp/livekit.Ingress/CreateIngress");
    expect(req.$recorded.claims.video).toEqual({ ingressAdmin: true });
    expect(req).toMatchObject({
      inputType: IngressInput.WHIP_INPUT,
      name: "cam",
      roomName: "room",
      participantIdentity: "streamer",
      participantName: "Streamer",
      participantMetadata: "{}",
      enableTranscoding: true,
      enabled: false,
    });
    expect(req.video?.encodingOptions.case).toBe("preset");
    expect(req.audio).toBeUndefined();
  });

  it("leaves optional booleans unset when omitted, and takes the enum too", async () => {
    const r = recorder();
    await IngressService.createIngress(r.client, { inputType: IngressInput.RTMP_INPUT, roomName: "room" });
    const req = r.last(CreateIngressRequestSchema);
    expect(req.enableTranscoding).toBeUndefined();
    expect(req.enabled).toBeUndefined();
  });

  it("URL_INPUT needs a url", async () => {
    const r = recorder();
    await expect(IngressService.createIngress(r.client, { inputType: "URL_INPUT" })).rejects.toThrow(
      /url: is required/,
    );
    await IngressService.createIngress(r.client, { inputType: "URL_INPUT", url: "https://media/x.m3u8" });
    expect(r.last(CreateIngressRequestSchema).url).toBe("https://media/x.m3u8");
  });

  it("updateIngress, listIngress, deleteIngress", async () => {
    const r = recorder();
    await IngressService.updateIngress(r.client, "IN_1", { name: "new", participantMetadata: "m" });
    expect(r.last(UpdateIngressRequestSchema)).toMatchObject({
      ingressId: "IN_1",
      name: "new",
      participantMetadata: "m",
      roomName: "",
    });
    expect(await IngressService.listIngress(r.client, { roomName: "room" })).toEqual([]);
    expect(r.last(ListIngressRequestSchema)).toMatchObject({ roomName: "room", ingressId: "" });
    await IngressService.deleteIngress(r.client, "IN_1");
    expect(r.last(DeleteIngressRequestSchema).ingressId).toBe("IN_1");
    expect(r.sent.every((s) => JSON.stringify(s.claims.video) === '{"ingressAdmin":true}')).toBe(true);
  });

  it("rejects bad input before sending anything", async () => {
    const r = recorder();
    const bad = [
      IngressService.createIngress(r.client, undefined as never),
      IngressService.createIngress(r.client, { inputType: "SRT" as never }),
      IngressService.createIngress(r.client, { inputType: 7 as never }),
      IngressService.createIngress(r.client, { inputType: "RTMP_INPUT", enabled: "no" as never }),
      IngressService.createIngress(r.client, { inputType: "RTMP_INPUT", roomName: 3 as never }),
      IngressService.updateIngress(r.client, "", {}),
      IngressService.deleteIngress(r.client, ""),
      IngressService.listIngress(r.client, { ingressId: 1 as never }),
    ];
    for (const call of bad) await expect(call).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(r.sent).toHaveLength(0);
  });
});
