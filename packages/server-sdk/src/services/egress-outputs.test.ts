import { create } from "@bufbuild/protobuf";
import {
  EncodedFileType,
  EncodingOptionsPreset,
  StreamOutputSchema,
  StreamProtocol,
} from "@exlivekit/protocol/egress";
import { RoomSchema } from "@exlivekit/protocol/models";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.ts";
import type { EgressOutput } from "./egress-outputs.ts";
import { encodingOneof, outputFields, trackOutput, unifiedOutputs } from "./egress-outputs.ts";

const file = { file: { fileType: EncodedFileType.MP4, filepath: "a.mp4" } };
const stream = { stream: { protocol: StreamProtocol.RTMP, urls: ["rtmp://x/live"] } };

function argumentOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return (error as InvalidArgumentError).argument;
  }
  throw new Error("did not throw");
}

describe("outputFields", () => {
  it("sorts one output or a list into the repeated fields", () => {
    expect(outputFields("output", file)).toEqual({
      fileOutputs: [file.file],
      streamOutputs: [],
      segmentOutputs: [],
      imageOutputs: [],
    });
    const all = outputFields("output", [
      file,
      stream,
      { segments: { playlistName: "i.m3u8" } },
      { images: { captureInterval: 5 } },
    ]);
    expect(all.fileOutputs).toHaveLength(1);
    expect(all.streamOutputs[0]).toBe(stream.stream);
    expect(all.segmentOutputs[0]).toEqual({ playlistName: "i.m3u8" });
    expect(all.imageOutputs[0]).toEqual({ captureInterval: 5 });
  });

  it("accepts a protocol message, telling its kind by $typeName", () => {
    const msg = create(StreamOutputSchema, { urls: ["rtmp://x"] });
    expect(outputFields("output", msg).streamOutputs).toEqual([msg]);
    expect(() => outputFields("output", create(RoomSchema) as never)).toThrow(
      /livekit.Room message is not an egress output/,
    );
  });

  it("rejects two outputs of one kind, naming the kind", () => {
    expect(() => outputFields("output", [file, stream, file])).toThrow(/more than one "file" output/);
  });

  it("rejects empty lists, unknown kinds, several keys and non-objects", () => {
    expect(() => outputFields("output", [])).toThrow(/at least one output/);
    expect(argumentOf(() => outputFields("output", [file, { rtmp: {} } as never]))).toBe("output[1]");
    expect(() => outputFields("output", { ...file, ...stream } as never)).toThrow(
      /exactly one of .*"file", "stream"/,
    );
    expect(() => outputFields("output", { protocol: 1, urls: [] } as never)).toThrow(
      /got keys "protocol", "urls"/,
    );
    expect(() => outputFields("output", "rtmp://x" as never)).toThrow(/got a string/);
    expect(argumentOf(() => outputFields("output", { file: null } as unknown as EgressOutput))).toBe(
      "output.file",
    );
  });
});

describe("unifiedOutputs", () => {
  it("builds Output messages with an optional storage", () => {
    const storage = { provider: { case: "s3" as const, value: { bucket: "b" } } };
    expect(unifiedOutputs("outputs", [{ file: { filepath: "x.mp4" }, storage }, stream])).toEqual([
      { config: { case: "file", value: { filepath: "x.mp4" } }, storage },
      { config: { case: "stream", value: stream.stream } },
    ]);
  });

  it("rejects duplicates and messages", () => {
    expect(() => unifiedOutputs("outputs", [stream, stream])).toThrow(/more than one "stream"/);
    expect(() => unifiedOutputs("outputs", create(StreamOutputSchema) as never)).toThrow(/wrapper/);
  });
});

describe("trackOutput", () => {
  it("takes a websocket URL string, { websocketUrl } or { file }", () => {
    expect(trackOutput("output", "wss://x")).toEqual({ case: "websocketUrl", value: "wss://x" });
    expect(trackOutput("output", { websocketUrl: "wss://y" })).toEqual({
      case: "websocketUrl",
      value: "wss://y",
    });
    expect(trackOutput("output", { file: { filepath: "t.ogg" } })).toEqual({
      case: "file",
      value: { filepath: "t.ogg" },
    });
  });

  it("rejects anything else", () => {
    expect(() => trackOutput("output", "")).toThrow(/must not be empty/);
    expect(() => trackOutput("output", { file: {}, websocketUrl: "x" } as never)).toThrow(/exactly one/);
    expect(() => trackOutput("output", 3 as never)).toThrow(InvalidArgumentError);
  });
});

describe("encodingOneof", () => {
  it("maps a preset and advanced options", () => {
    expect(encodingOneof("encoding", undefined)).toBeUndefined();
    expect(encodingOneof("encoding", EncodingOptionsPreset.H264_1080P_60)).toEqual({
      case: "preset",
      value: 3,
    });
    expect(encodingOneof("encoding", { width: 640 })).toEqual({ case: "advanced", value: { width: 640 } });
    expect(() => encodingOneof("encoding", -1 as never)).toThrow(/EncodingOptionsPreset/);
    expect(() => encodingOneof("encoding", "1080p" as never)).toThrow(InvalidArgumentError);
  });
});
