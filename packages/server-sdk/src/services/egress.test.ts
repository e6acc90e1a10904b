import {
  AudioMixing,
  EncodedFileType,
  EncodingOptionsPreset,
  ListEgressRequestSchema,
  ParticipantEgressRequestSchema,
  RoomCompositeEgressRequestSchema,
  StartEgressRequestSchema,
  StopEgressRequestSchema,
  StreamProtocol,
  TrackCompositeEgressRequestSchema,
  TrackEgressRequestSchema,
  UpdateLayoutRequestSchema,
  UpdateStreamRequestSchema,
  WebEgressRequestSchema,
} from "@exlivekit/protocol/egress";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.ts";
import { EgressService } from "./egress.ts";
import { recorder } from "./recorder.test-helper.ts";

const file = { file: { fileType: EncodedFileType.MP4, filepath: "rec.mp4" } };
const stream = { stream: { protocol: StreamProtocol.RTMP, urls: ["rtmp://x/live"] } };

describe("EgressService request shaping", () => {
  it("startRoomCompositeEgress sends every option with the roomRecord grant only", async () => {
    const r = recorder();
    await EgressService.startRoomCompositeEgress(r.client, "room", [file, stream], {
      layout: "speaker",
      audioOnly: false,
      videoOnly: true,
      customBaseUrl: "https://t",
      audioMixing: AudioMixing.DUAL_CHANNEL_AGENT,
      encoding: EncodingOptionsPreset.H264_1080P_30,
      webhooks: [{ url: "https://hook", signingKey: "k" }],
    });
    const req = r.last(RoomCompositeEgressRequestSchema);
    expect(req.$recorded.path).toBe("/twirp/livekit.Egress/StartRoomCompositeEgress");
    expect(req.$recorded.claims.video).toEqual({ roomRecord: true });
    expect(req).toMatchObject({
      roomName: "room",
      layout: "speaker",
      videoOnly: true,
      customBaseUrl: "https://t",
      audioMixing: AudioMixing.DUAL_CHANNEL_AGENT,
      options: { case: "preset", value: EncodingOptionsPreset.H264_1080P_30 },
    });
    expect(req.fileOutputs.map((f) => f.filepath)).toEqual(["rec.mp4"]);
    expect(req.streamOutputs[0]?.urls).toEqual(["rtmp://x/live"]);
    expect(req.webhooks[0]?.url).toBe("https://hook");
  });

  it("sends advanced encoding options", async () => {
    const r = recorder();
    await EgressService.startWebEgress(r.client, "https://page", file, {
      awaitStartSignal: true,
      encoding: { width: 640, height: 360, framerate: 24 },
    });
    const req = r.last(WebEgressRequestSchema);
    expect(req.url).toBe("https://page");
    expect(req.awaitStartSignal).toBe(true);
    expect(req.options.case).toBe("advanced");
    expect(req.options.value).toMatchObject({ width: 640, height: 360, framerate: 24 });
  });

  it("startParticipantEgress and startTrackCompositeEgress", async () => {
    const r = recorder();
    await EgressService.startParticipantEgress(
      r.client,
      "room",
      "alice",
      { images: { captureInterval: 10 } },
      {
        screenShare: true,
      },
    );
    const p = r.last(ParticipantEgressRequestSchema);
    expect(p).toMatchObject({ roomName: "room", identity: "alice", screenShare: true });
    expect(p.imageOutputs[0]?.captureInterval).toBe(10);

    await EgressService.startTrackCompositeEgress(
      r.client,
      "room",
      { segments: { playlistName: "p.m3u8" } },
      {
        audioTrackId: "TR_a",
      },
    );
    const t = r.last(TrackCompositeEgressRequestSchema);
    expect(t).toMatchObject({ roomName: "room", audioTrackId: "TR_a", videoTrackId: "" });
    expect(t.segmentOutputs[0]?.playlistName).toBe("p.m3u8");
    await expect(EgressService.startTrackCompositeEgress(r.client, "room", file, {})).rejects.toThrow(
      /audioTrackId, videoTrackId or both/,
    );
  });

  it("startTrackEgress to a file or a websocket", async () => {
    const r = recorder();
    await EgressService.startTrackEgress(r.client, "room", "TR_1", { file: { filepath: "t.ogg" } });
    expect(r.last(TrackEgressRequestSchema).output).toMatchObject({
      case: "file",
      value: { filepath: "t.ogg" },
    });
    await EgressService.startTrackEgress(r.client, "room", "TR_1", "wss://sink");
    expect(r.last(TrackEgressRequestSchema).output).toEqual({ case: "websocketUrl", value: "wss://sink" });
  });

  it("startEgress builds the unified request", async () => {
    const r = recorder();
    await EgressService.startEgress(
      r.client,
      "room",
      { template: { layout: "grid", audioOnly: true } },
      [
        { file: { filepath: "x.mp4" } },
        { stream: { urls: ["rtmp://y"] }, storage: { provider: { case: "gcp", value: { bucket: "g" } } } },
      ],
      {
        encoding: EncodingOptionsPreset.H264_720P_60,
        storage: { provider: { case: "s3", value: { bucket: "b" } } },
      },
    );
    const req = r.last(StartEgressRequestSchema);
    expect(req.$recorded.path).toBe("/twirp/livekit.Egress/StartEgress");
    expect(req.source).toMatchObject({ case: "template", value: { layout: "grid", audioOnly: true } });
    expect(req.encoding).toEqual({ case: "preset", value: EncodingOptionsPreset.H264_720P_60 });
    expect(req.outputs.map((o) => o.config.case)).toEqual(["file", "stream"]);
    expect(req.outputs[1]?.storage?.provider.case).toBe("gcp");
    expect(req.storage?.provider).toMatchObject({ case: "s3", value: { bucket: "b" } });
    // A web source needs no room.
    await EgressService.startEgress(r.client, "", { web: { url: "https://p" } }, stream);
    expect(r.last(StartEgressRequestSchema).source.case).toBe("web");
    await expect(EgressService.startEgress(r.client, "", { template: {} }, stream)).rejects.toThrow(
      /roomName/,
    );
    await expect(
      EgressService.startEgress(r.client, "room", { web: {}, media: {} } as never, stream),
    ).rejects.toThrow(/exactly one of "template", "web", "media"/);
  });

  it("updateLayout, updateStream, listEgress, stopEgress", async () => {
    const r = recorder();
    await EgressService.updateLayout(r.client, "EG_1", "grid");
    expect(r.last(UpdateLayoutRequestSchema)).toMatchObject({ egressId: "EG_1", layout: "grid" });
    await EgressService.updateStream(r.client, "EG_1", {
      addOutputUrls: ["rtmp://a"],
      removeOutputUrls: ["rtmp://b"],
    });
    expect(r.last(UpdateStreamRequestSchema)).toMatchObject({
      addOutputUrls: ["rtmp://a"],
      removeOutputUrls: ["rtmp://b"],
    });
    expect(await EgressService.listEgress(r.client, { roomName: "room", active: true })).toEqual([]);
    expect(r.last(ListEgressRequestSchema)).toMatchObject({ roomName: "room", egressId: "", active: true });
    await EgressService.stopEgress(r.client, "EG_1");
    expect(r.last(StopEgressRequestSchema).egressId).toBe("EG_1");
    expect(r.sent.every((s) => JSON.stringify(s.claims.video) === '{"roomRecord":true}')).toBe(true);
  });

  it("rejects bad input before sending anything", async () => {
    const r = recorder();
    const bad = [
      EgressService.startRoomCompositeEgress(r.client, "", file),
      EgressService.startRoomCompositeEgress(r.client, "room", [file, file]),
      EgressService.startRoomCompositeEgress(r.client, "room", file, { audioOnly: "yes" as never }),
      EgressService.startParticipantEgress(r.client, "room", "", file),
      EgressService.startTrackEgress(r.client, "room", "TR", { websocketUrl: "" }),
      EgressService.updateLayout(r.client, "", "grid"),
      EgressService.updateStream(r.client, "EG", { addOutputUrls: [""] }),
      EgressService.stopEgress(r.client, ""),
      EgressService.listEgress(r.client, { active: 1 as never }),
    ];
    for (const call of bad) await expect(call).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(r.sent).toHaveLength(0);
  });
});
