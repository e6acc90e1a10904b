import type { MessageInitShape } from "@bufbuild/protobuf";
import type {
  AudioMixing,
  EgressDescriptor,
  EgressInfo,
  MediaSourceSchema,
  OutputSchema,
  TemplateSourceSchema,
  WebSourceSchema,
} from "@exlivekit/protocol/egress";
import type { WebhookConfigSchema } from "@exlivekit/protocol/models";
import { EgressWire } from "@exlivekit/protocol/wire/egress";
import type { Client } from "../client.ts";
import { InvalidArgumentError } from "../errors.ts";
import { EGRESS } from "../retry-classes.ts";
import type { CallOptions } from "../twirp-caller.ts";
import { callRpc, serviceRpc } from "../twirp-caller.ts";
import {
  optionalBool,
  optionalString,
  requireName,
  requireNames,
  requireOptions,
  requireString,
} from "../validate.ts";
import type {
  EgressEncoding,
  EgressOutputs,
  StorageConfigFields,
  TrackEgressOutput,
  UnifiedEgressOutput,
} from "./egress-outputs.ts";
import { encodingOneof, outputFields, trackOutput, unifiedOutputs } from "./egress-outputs.ts";
import { rpcPages } from "./pagination.ts";

const rpc = {
  startEgress: /* @__PURE__ */ serviceRpc(EgressWire, "startEgress", EGRESS),
  startRoomCompositeEgress: /* @__PURE__ */ serviceRpc(EgressWire, "startRoomCompositeEgress", EGRESS),
  startWebEgress: /* @__PURE__ */ serviceRpc(EgressWire, "startWebEgress", EGRESS),
  startParticipantEgress: /* @__PURE__ */ serviceRpc(EgressWire, "startParticipantEgress", EGRESS),
  startTrackCompositeEgress: /* @__PURE__ */ serviceRpc(EgressWire, "startTrackCompositeEgress", EGRESS),
  startTrackEgress: /* @__PURE__ */ serviceRpc(EgressWire, "startTrackEgress", EGRESS),
  updateLayout: /* @__PURE__ */ serviceRpc(EgressWire, "updateLayout", EGRESS),
  updateStream: /* @__PURE__ */ serviceRpc(EgressWire, "updateStream", EGRESS),
  listEgress: /* @__PURE__ */ serviceRpc(EgressWire, "listEgress", EGRESS),
  stopEgress: /* @__PURE__ */ serviceRpc(EgressWire, "stopEgress", EGRESS),
};

const ROOM_RECORD = { roomRecord: true } as const;

/** Fields of a `WebhookConfig`: an extra URL (`url`, `signingKey`) notified of this egress's events. */
export type WebhookConfigFields = Omit<MessageInitShape<typeof WebhookConfigSchema>, "$typeName">;

/** Options every start call shares. */
export interface EgressCommonOptions {
  /** A preset (`EncodingOptionsPreset.H264_1080P_30`) or advanced `EncodingOptions`; default H264_720P_30. */
  readonly encoding?: EgressEncoding;
  /** Extra webhook endpoints notified of this egress, besides the server's configured ones. */
  readonly webhooks?: readonly WebhookConfigFields[];
}

/** Options of `startRoomCompositeEgress`. */
export interface RoomCompositeEgressOptions extends EgressCommonOptions {
  /** Layout of the recorder page: `"grid"`, `"speaker"`, `"single-speaker"` or a custom one. */
  readonly layout?: string;
  /** Record audio only. */
  readonly audioOnly?: boolean;
  /** Record video only. */
  readonly videoOnly?: boolean;
  /** URL of a custom recording template. */
  readonly customBaseUrl?: string;
  /** How audio is mixed (e.g. `AudioMixing.DUAL_CHANNEL_AGENT`); default mixes everyone. */
  readonly audioMixing?: AudioMixing;
}

/** Options of `startWebEgress`. */
export interface WebEgressOptions extends EgressCommonOptions {
  /** Record audio only. */
  readonly audioOnly?: boolean;
  /** Record video only. */
  readonly videoOnly?: boolean;
  /** Wait for the page to log `START_RECORDING` before recording. */
  readonly awaitStartSignal?: boolean;
}

/** Options of `startParticipantEgress`. */
export interface ParticipantEgressOptions extends EgressCommonOptions {
  /** Record the participant's screen share instead of its camera. */
  readonly screenShare?: boolean;
}

/** Options of `startTrackCompositeEgress`: at least one of the track ids. */
export interface TrackCompositeEgressOptions extends EgressCommonOptions {
  /** Audio track to record. */
  readonly audioTrackId?: string;
  /** Video track to record. */
  readonly videoTrackId?: string;
}

/** Options of `startTrackEgress`. */
export interface TrackEgressOptions {
  /** Extra webhook endpoints notified of this egress. */
  readonly webhooks?: readonly WebhookConfigFields[];
}

/** What the unified `startEgress` records: a layout template, a web page or media tracks. */
export type EgressSource =
  | {
      /** The room through a layout template: `layout`, `audioOnly`, `videoOnly`, `customBaseUrl`. */
      readonly template: Omit<MessageInitShape<typeof TemplateSourceSchema>, "$typeName">;
    }
  | {
      /** A web page: `url`, `audioOnly`, `videoOnly`, `awaitStartSignal`. */
      readonly web: Omit<MessageInitShape<typeof WebSourceSchema>, "$typeName">;
    }
  | {
      /** Tracks captured directly: `video` (a track id or a participant's video) and `audio` routes. */
      readonly media: Omit<MessageInitShape<typeof MediaSourceSchema>, "$typeName">;
    };

/** Options of the unified `startEgress`. */
export interface StartEgressOptions extends EgressCommonOptions {
  /** Default storage of every output (an output's own `storage` wins). */
  readonly storage?: StorageConfigFields;
}

/** Filters of `listEgress`; all optional. */
export interface ListEgressOptions {
  /** Only egresses of this room. */
  readonly roomName?: string;
  /** Only this egress. */
  readonly egressId?: string;
  /** Only active egresses. */
  readonly active?: boolean;
}

/** URLs to add to or remove from a stream egress. */
export interface UpdateStreamOptions {
  /** Stream URLs to start sending to. */
  readonly addOutputUrls?: readonly string[];
  /** Stream URLs to stop sending to. */
  readonly removeOutputUrls?: readonly string[];
}

function webhooks(value: readonly WebhookConfigFields[] | undefined): WebhookConfigFields[] {
  if (value === undefined) return [];
  if (!Array.isArray(value))
    throw new InvalidArgumentError("webhooks", "must be an array of { url, signingKey }");
  return [...value];
}

function common(opts: EgressCommonOptions) {
  const options = encodingOneof("encoding", opts.encoding);
  return { ...(options === undefined ? {} : { options }), webhooks: webhooks(opts.webhooks) };
}

/**
 * Records or streams a whole room through the layout template (a headless browser). `output` is one
 * output or a list of different kinds (see `EgressOutput`). Needs `roomRecord`.
 */
async function startRoomCompositeEgress(
  client: Client,
  roomName: string,
  output: EgressOutputs,
  options?: RoomCompositeEgressOptions,
  call?: CallOptions,
): Promise<EgressInfo> {
  requireName("roomName", roomName);
  const opts = requireOptions("options", options);
  const outputs = outputFields("output", output);
  return callRpc(
    client,
    rpc.startRoomCompositeEgress,
    {
      roomName,
      layout: optionalString("layout", opts.layout),
      audioOnly: optionalBool("audioOnly", opts.audioOnly) ?? false,
      videoOnly: optionalBool("videoOnly", opts.videoOnly) ?? false,
      customBaseUrl: optionalString("customBaseUrl", opts.customBaseUrl),
      ...(opts.audioMixing === undefined ? {} : { audioMixing: opts.audioMixing }),
      ...outputs,
      ...common(opts),
    },
    ROOM_RECORD,
    call,
  );
}

/** Records or streams any web page. Needs `roomRecord`. */
async function startWebEgress(
  client: Client,
  url: string,
  output: EgressOutputs,
  options?: WebEgressOptions,
  call?: CallOptions,
): Promise<EgressInfo> {
  requireName("url", url);
  const opts = requireOptions("options", options);
  const outputs = outputFields("output", output);
  return callRpc(
    client,
    rpc.startWebEgress,
    {
      url,
      audioOnly: optionalBool("audioOnly", opts.audioOnly) ?? false,
      videoOnly: optionalBool("videoOnly", opts.videoOnly) ?? false,
      awaitStartSignal: optionalBool("awaitStartSignal", opts.awaitStartSignal) ?? false,
      ...outputs,
      ...common(opts),
    },
    ROOM_RECORD,
    call,
  );
}

/** Records or streams one participant's camera (or screen share) and microphone. Needs `roomRecord`. */
async function startParticipantEgress(
  client: Client,
  roomName: string,
  identity: string,
  output: EgressOutputs,
  options?: ParticipantEgressOptions,
  call?: CallOptions,
): Promise<EgressInfo> {
  requireName("roomName", roomName);
  requireName("identity", identity);
  const opts = requireOptions("options", options);
  const outputs = outputFields("output", output);
  return callRpc(
    client,
    rpc.startParticipantEgress,
    {
      roomName,
      identity,
      screenShare: optionalBool("screenShare", opts.screenShare) ?? false,
      ...outputs,
      ...common(opts),
    },
    ROOM_RECORD,
    call,
  );
}

/** Records or streams one audio and/or one video track, muxed together. Needs `roomRecord`. */
async function startTrackCompositeEgress(
  client: Client,
  roomName: string,
  output: EgressOutputs,
  options: TrackCompositeEgressOptions,
  call?: CallOptions,
): Promise<EgressInfo> {
  requireName("roomName", roomName);
  const opts = requireOptions("options", options);
  const audioTrackId = optionalString("audioTrackId", opts.audioTrackId);
  const videoTrackId = optionalString("videoTrackId", opts.videoTrackId);
  if (audioTrackId === "" && videoTrackId === "") {
    throw new InvalidArgumentError("options", "give audioTrackId, videoTrackId or both");
  }
  const outputs = outputFields("output", output);
  return callRpc(
    client,
    rpc.startTrackCompositeEgress,
    { roomName, audioTrackId, videoTrackId, ...outputs, ...common(opts) },
    ROOM_RECORD,
    call,
  );
}

/**
 * Exports one track without transcoding, to a file (`{ file: { filepath } }`) or a websocket
 * (`"wss://..."`). Needs `roomRecord`.
 */
async function startTrackEgress(
  client: Client,
  roomName: string,
  trackId: string,
  output: TrackEgressOutput,
  options?: TrackEgressOptions,
  call?: CallOptions,
): Promise<EgressInfo> {
  requireName("roomName", roomName);
  requireName("trackId", trackId);
  const opts = requireOptions("options", options);
  return callRpc(
    client,
    rpc.startTrackEgress,
    { roomName, trackId, output: trackOutput("output", output), webhooks: webhooks(opts.webhooks) },
    ROOM_RECORD,
    call,
  );
}

function sourceOneof(source: EgressSource) {
  const value = requireOptions("source", source) as Record<string, unknown>;
  const keys = Object.keys(value).filter((key) => value[key] !== undefined);
  const key = keys[0];
  if (keys.length !== 1 || (key !== "template" && key !== "web" && key !== "media")) {
    throw new InvalidArgumentError("source", 'must have exactly one of "template", "web", "media"');
  }
  requireOptions(`source.${key}`, value[key] as object);
  return { case: key, value: value[key] } as NonNullable<
    MessageInitShape<typeof EgressDescriptor.method.startEgress.input>["source"]
  >;
}

/**
 * The unified start call: one source (`{ template }`, `{ web }` or `{ media }`), one or more outputs
 * (`{ file | stream | segments | images, storage? }`), optional encoding, default storage and
 * webhooks. `roomName` may be empty only for a web source. Needs `roomRecord`.
 */
async function startEgress(
  client: Client,
  roomName: string,
  source: EgressSource,
  outputs: UnifiedEgressOutput | readonly UnifiedEgressOutput[],
  options?: StartEgressOptions,
  call?: CallOptions,
): Promise<EgressInfo> {
  requireString("roomName", roomName);
  const oneof = sourceOneof(source);
  if (roomName === "" && oneof?.case !== "web") requireName("roomName", roomName);
  const opts = requireOptions("options", options);
  const encoding = encodingOneof("encoding", opts.encoding);
  return callRpc(
    client,
    rpc.startEgress,
    {
      roomName,
      source: oneof,
      ...(encoding === undefined ? {} : { encoding }),
      outputs: unifiedOutputs("outputs", outputs) as MessageInitShape<typeof OutputSchema>[],
      ...(opts.storage === undefined ? {} : { storage: requireOptions("storage", opts.storage) }),
      webhooks: webhooks(opts.webhooks),
    },
    ROOM_RECORD,
    call,
  );
}

/** Changes the layout of a running room composite egress. Needs `roomRecord`. */
async function updateLayout(
  client: Client,
  egressId: string,
  layout: string,
  call?: CallOptions,
): Promise<EgressInfo> {
  requireName("egressId", egressId);
  requireName("layout", layout);
  return callRpc(client, rpc.updateLayout, { egressId, layout }, ROOM_RECORD, call);
}

/** Adds or removes stream URLs of a running stream egress. Needs `roomRecord`. */
async function updateStream(
  client: Client,
  egressId: string,
  options: UpdateStreamOptions,
  call?: CallOptions,
): Promise<EgressInfo> {
  requireName("egressId", egressId);
  const opts = requireOptions("options", options);
  const addOutputUrls =
    opts.addOutputUrls === undefined ? [] : requireNames("addOutputUrls", opts.addOutputUrls);
  const removeOutputUrls =
    opts.removeOutputUrls === undefined ? [] : requireNames("removeOutputUrls", opts.removeOutputUrls);
  return callRpc(
    client,
    rpc.updateStream,
    { egressId, addOutputUrls: [...addOutputUrls], removeOutputUrls: [...removeOutputUrls] },
    ROOM_RECORD,
    call,
  );
}

function listRequest(options: ListEgressOptions | undefined) {
  const opts = requireOptions("options", options);
  return {
    roomName: optionalString("roomName", opts.roomName),
    egressId: optionalString("egressId", opts.egressId),
    active: optionalBool("active", opts.active) ?? false,
  };
}

/**
 * Lists egresses (one request: the first page when the server paginates; `iterateEgress` follows
 * every page). Needs `roomRecord`.
 */
async function listEgress(
  client: Client,
  options?: ListEgressOptions,
  call?: CallOptions,
): Promise<EgressInfo[]> {
  const res = await callRpc(client, rpc.listEgress, listRequest(options), ROOM_RECORD, call);
  return res.items;
}

/** Yields every egress matching the filters, following the server's page tokens. Needs `roomRecord`. */
function iterateEgress(
  client: Client,
  options?: ListEgressOptions,
  call?: CallOptions,
): AsyncGenerator<EgressInfo, void, undefined> {
  const request = listRequest(options);
  return rpcPages(client, rpc.listEgress, request, ROOM_RECORD, call, (res) => res.items);
}

/** Stops an egress; resolves with its final info. Needs `roomRecord`. */
async function stopEgress(client: Client, egressId: string, call?: CallOptions): Promise<EgressInfo> {
  requireName("egressId", egressId);
  return callRpc(client, rpc.stopEgress, { egressId }, ROOM_RECORD, call);
}

/**
 * LiveKit's Egress service: record or stream rooms, participants, tracks and web pages. Every function
 * takes the `Client` first and an optional `CallOptions` last; all need the `roomRecord` grant, which
 * the client adds. Starting needs an egress worker connected to the server: without one the server
 * answers `unavailable` after its own wait (bound it with `{ timeoutMs }`).
 */
export const EgressService = {
  startRoomCompositeEgress,
  startWebEgress,
  startParticipantEgress,
  startTrackCompositeEgress,
  startTrackEgress,
  startEgress,
  updateLayout,
  updateStream,
  listEgress,
  iterateEgress,
  stopEgress,
} as const;
