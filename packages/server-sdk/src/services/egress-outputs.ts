/**
 * How egress outputs are given as plain objects and turned into request fields.
 *
 * An output is told apart by a one-key wrapper naming its kind, mirroring the `Output.config` oneof of
 * the protocol: `{ file: {...} }`, `{ stream: {...} }`, `{ segments: {...} }`, `{ images: {...} }`.
 * Distinctive-field guessing was rejected: `filenamePrefix` exists on both segments and images, and a
 * typo would silently pick the wrong kind. A message built with `create(StreamOutputSchema, ...)` is
 * accepted too, its kind read from `$typeName`.
 */

import type { MessageInitShape } from "@bufbuild/protobuf";
import { describeValue, isObject } from "@exlivekit/internal";
import type {
  DirectFileOutputSchema,
  EncodedFileOutput,
  EncodedFileOutputSchema,
  EncodingOptionsPreset,
  EncodingOptionsSchema,
  FileOutputSchema,
  ImageOutput,
  ImageOutputSchema,
  SegmentedFileOutput,
  SegmentedFileOutputSchema,
  StorageConfigSchema,
  StreamOutput,
  StreamOutputSchema,
} from "@exlivekit/protocol/egress";
import { InvalidArgumentError } from "../errors.ts";

/** Fields of an `EncodedFileOutput` (a recorded file: `fileType`, `filepath`, upload target `output`). */
export type EncodedFileOutputFields = Omit<MessageInitShape<typeof EncodedFileOutputSchema>, "$typeName">;
/** Fields of a `StreamOutput` (`protocol`, `urls`: RTMP/SRT/websocket live streams). */
export type StreamOutputFields = Omit<MessageInitShape<typeof StreamOutputSchema>, "$typeName">;
/** Fields of a `SegmentedFileOutput` (HLS segments: `filenamePrefix`, `playlistName`, `segmentDuration`, ...). */
export type SegmentedFileOutputFields = Omit<MessageInitShape<typeof SegmentedFileOutputSchema>, "$typeName">;
/** Fields of an `ImageOutput` (thumbnails: `captureInterval`, `width`, `height`, `filenamePrefix`, ...). */
export type ImageOutputFields = Omit<MessageInitShape<typeof ImageOutputSchema>, "$typeName">;
/** Fields of a `DirectFileOutput` (a track written as is: `filepath`, upload target `output`). */
export type DirectFileOutputFields = Omit<MessageInitShape<typeof DirectFileOutputSchema>, "$typeName">;
/** Fields of a unified `FileOutput` (`fileType`, `filepath`, `disableManifest`; storage given separately). */
export type FileOutputFields = Omit<MessageInitShape<typeof FileOutputSchema>, "$typeName">;
/** Fields of a `StorageConfig`: one `provider` (`{ case: "s3", value: {...} }`, gcp, azure, aliOSS). */
export type StorageConfigFields = Omit<MessageInitShape<typeof StorageConfigSchema>, "$typeName">;
/** Fields of advanced `EncodingOptions` (`width`, `height`, `framerate`, codecs, bitrates, ...). */
export type EncodingOptionsFields = Omit<MessageInitShape<typeof EncodingOptionsSchema>, "$typeName">;

/**
 * One output of a composite, web, participant or track-composite egress: a one-key wrapper naming its
 * kind, or a protocol message built with `create(...)`.
 *
 * ```ts
 * { file: { fileType: EncodedFileType.MP4, filepath: "rec/{room_name}.mp4" } }
 * { stream: { protocol: StreamProtocol.RTMP, urls: ["rtmp://example.com/live/key"] } }
 * { segments: { filenamePrefix: "hls/seg", playlistName: "index.m3u8" } }
 * { images: { captureInterval: 5, filenamePrefix: "thumbs/img" } }
 * ```
 */
export type EgressOutput =
  | {
      /** A recorded file (MP4, OGG, ...). */
      readonly file: EncodedFileOutputFields;
    }
  | {
      /** A live stream to RTMP, SRT or websocket URLs. */
      readonly stream: StreamOutputFields;
    }
  | {
      /** HLS segments and playlists. */
      readonly segments: SegmentedFileOutputFields;
    }
  | {
      /** Images captured at an interval. */
      readonly images: ImageOutputFields;
    }
  | EncodedFileOutput
  | StreamOutput
  | SegmentedFileOutput
  | ImageOutput;

/** One output or a list of outputs of different kinds (at most one of each kind). */
export type EgressOutputs = EgressOutput | readonly EgressOutput[];

/**
 * The output of a track egress: `{ file: {...} }` writes the track as is (DirectFileOutput);
 * `{ websocketUrl }` or a bare `"wss://..."` string streams its raw audio to a websocket.
 */
export type TrackEgressOutput =
  | string
  | {
      /** Write the track as is to a file. */
      readonly file: DirectFileOutputFields;
    }
  | {
      /** Stream the track's raw audio to this `ws://` or `wss://` URL. */
      readonly websocketUrl: string;
    };

/**
 * One output of the unified `startEgress`: a one-key wrapper (`file`, `stream`, `segments`, `images`)
 * plus an optional per-output `storage` overriding the request's.
 */
export type UnifiedEgressOutput = (
  | {
      /** A recorded file. */
      readonly file: FileOutputFields;
    }
  | {
      /** A live stream. */
      readonly stream: StreamOutputFields;
    }
  | {
      /** HLS segments. */
      readonly segments: SegmentedFileOutputFields;
    }
  | {
      /** Images captured at an interval. */
      readonly images: ImageOutputFields;
    }
) & {
  /** Where this output is uploaded; overrides the request's `storage`. */
  readonly storage?: StorageConfigFields;
};

/** Encoding of an egress: a preset (`EncodingOptionsPreset.H264_1080P_30`) or advanced options. */
export type EgressEncoding = EncodingOptionsPreset | EncodingOptionsFields;

const KINDS = ["file", "stream", "segments", "images"] as const;
type Kind = (typeof KINDS)[number];

const KIND_OF_TYPE: Readonly<Record<string, Kind>> = {
  "livekit.EncodedFileOutput": "file",
  "livekit.StreamOutput": "stream",
  "livekit.SegmentedFileOutput": "segments",
  "livekit.ImageOutput": "images",
};

/** The repeated output fields shared by the composite, web, participant and track-composite requests. */
export interface OutputFields {
  /** `{ file }` outputs. */
  fileOutputs: EncodedFileOutputFields[];
  /** `{ stream }` outputs. */
  streamOutputs: StreamOutputFields[];
  /** `{ segments }` outputs. */
  segmentOutputs: SegmentedFileOutputFields[];
  /** `{ images }` outputs. */
  imageOutputs: ImageOutputFields[];
}

/** Reads a one-key wrapper (`extra` keys allowed besides the kind) and returns its kind and fields. */
function unwrap(
  argument: string,
  value: unknown,
  extra: readonly string[] = [],
): { kind: Kind; fields: Record<string, unknown> } {
  if (!isObject(value)) {
    throw new InvalidArgumentError(
      argument,
      `must be an output object such as { file: {...} } or { stream: {...} }, got ${describeValue(value)}`,
    );
  }
  const typeName = value.$typeName;
  if (typeof typeName === "string") {
    const kind = KIND_OF_TYPE[typeName];
    if (kind === undefined) {
      throw new InvalidArgumentError(argument, `a ${typeName} message is not an egress output`);
    }
    return { kind, fields: value };
  }
  const keys = Object.keys(value).filter((key) => value[key] !== undefined && !extra.includes(key));
  const kinds = keys.filter((key): key is Kind => (KINDS as readonly string[]).includes(key));
  if (kinds.length !== 1 || keys.length !== 1) {
    const got = keys.length === 0 ? "no key" : `keys ${keys.map((k) => `"${k}"`).join(", ")}`;
    throw new InvalidArgumentError(
      argument,
      `must have exactly one of "file", "stream", "segments", "images" (got ${got})`,
    );
  }
  const kind = kinds[0] as Kind;
  const fields = value[kind];
  if (!isObject(fields)) {
    throw new InvalidArgumentError(`${argument}.${kind}`, `must be an object, got ${describeValue(fields)}`);
  }
  return { kind, fields };
}

function asList(argument: string, outputs: unknown): readonly unknown[] {
  const list = Array.isArray(outputs) ? outputs : [outputs];
  if (list.length === 0) throw new InvalidArgumentError(argument, "at least one output is required");
  return list;
}

function rejectDuplicate(argument: string, seen: Set<Kind>, kind: Kind): void {
  if (seen.has(kind)) {
    throw new InvalidArgumentError(
      argument,
      `more than one "${kind}" output: an egress takes at most one output of each kind`,
    );
  }
  seen.add(kind);
}

/**
 * Sorts one output or a list into the request's repeated fields. Throws `InvalidArgumentError`
 * (nothing sent) for an empty list, an unrecognisable output or two outputs of one kind.
 */
export function outputFields(argument: string, outputs: EgressOutputs): OutputFields {
  const list = asList(argument, outputs);
  const fields: OutputFields = { fileOutputs: [], streamOutputs: [], segmentOutputs: [], imageOutputs: [] };
  const seen = new Set<Kind>();
  list.forEach((output, i) => {
    const name = Array.isArray(outputs) ? `${argument}[${i}]` : argument;
    const { kind, fields: value } = unwrap(name, output);
    rejectDuplicate(argument, seen, kind);
    if (kind === "file") fields.fileOutputs.push(value as EncodedFileOutputFields);
    else if (kind === "stream") fields.streamOutputs.push(value as StreamOutputFields);
    else if (kind === "segments") fields.segmentOutputs.push(value as SegmentedFileOutputFields);
    else fields.imageOutputs.push(value as ImageOutputFields);
  });
  return fields;
}

/** The `Output` messages of the unified `StartEgressRequest`. */
export function unifiedOutputs(
  argument: string,
  outputs: UnifiedEgressOutput | readonly UnifiedEgressOutput[],
) {
  const list = asList(argument, outputs);
  const seen = new Set<Kind>();
  return list.map((output, i) => {
    const name = Array.isArray(outputs) ? `${argument}[${i}]` : argument;
    if (isObject(output) && typeof output.$typeName === "string") {
      throw new InvalidArgumentError(
        name,
        "give a { file | stream | segments | images } wrapper, not a message",
      );
    }
    const { kind, fields } = unwrap(name, output, ["storage"]);
    rejectDuplicate(argument, seen, kind);
    const storage = (output as { storage?: unknown }).storage;
    if (storage !== undefined && !isObject(storage)) {
      throw new InvalidArgumentError(`${name}.storage`, `must be an object, got ${describeValue(storage)}`);
    }
    return {
      config: { case: kind, value: fields },
      ...(storage === undefined ? {} : { storage: storage as StorageConfigFields }),
    } as const;
  });
}

/** The `output` oneof of a `TrackEgressRequest`. */
export function trackOutput(argument: string, output: TrackEgressOutput) {
  if (typeof output === "string") {
    if (output.length === 0) throw new InvalidArgumentError(argument, "the websocket URL must not be empty");
    return { case: "websocketUrl" as const, value: output };
  }
  if (!isObject(output)) {
    throw new InvalidArgumentError(
      argument,
      `must be { file: {...} }, { websocketUrl } or a websocket URL string, got ${describeValue(output)}`,
    );
  }
  const keys = Object.keys(output).filter((key) => output[key as keyof typeof output] !== undefined);
  if (keys.length !== 1 || (keys[0] !== "file" && keys[0] !== "websocketUrl")) {
    throw new InvalidArgumentError(argument, 'must have exactly one of "file" or "websocketUrl"');
  }
  if ("websocketUrl" in output) return trackOutput(`${argument}.websocketUrl`, output.websocketUrl);
  if (!isObject(output.file)) {
    throw new InvalidArgumentError(
      `${argument}.file`,
      `must be an object, got ${describeValue(output.file)}`,
    );
  }
  return { case: "file" as const, value: output.file };
}

/** The `options` (or `encoding`) oneof: a preset number or advanced options. Undefined leaves the default. */
export function encodingOneof(argument: string, encoding: EgressEncoding | undefined) {
  if (encoding === undefined) return undefined;
  if (typeof encoding === "number") {
    if (!Number.isInteger(encoding) || encoding < 0) {
      throw new InvalidArgumentError(argument, `must be an EncodingOptionsPreset value, got ${encoding}`);
    }
    return { case: "preset" as const, value: encoding };
  }
  if (!isObject(encoding)) {
    throw new InvalidArgumentError(
      argument,
      `must be an EncodingOptionsPreset or an options object, got ${describeValue(encoding)}`,
    );
  }
  return { case: "advanced" as const, value: encoding as EncodingOptionsFields };
}
