import type { MessageInitShape } from "@bufbuild/protobuf";
import type {
  IngressAudioOptionsSchema,
  IngressInfo,
  IngressInput,
  IngressVideoOptionsSchema,
} from "@exlivekit/protocol/ingress";
import { IngressWire } from "@exlivekit/protocol/wire/ingress";
import type { Client } from "../client.ts";
import { InvalidArgumentError } from "../errors.ts";
import { INGRESS } from "../retry-classes.ts";
import type { CallOptions } from "../twirp-caller.ts";
import { callRpc, serviceRpc } from "../twirp-caller.ts";
import { optionalBool, requireName, requireOptions, requireString } from "../validate.ts";
import { rpcPages } from "./pagination.ts";

const rpc = {
  createIngress: /* @__PURE__ */ serviceRpc(IngressWire, "createIngress", INGRESS),
  updateIngress: /* @__PURE__ */ serviceRpc(IngressWire, "updateIngress", INGRESS),
  listIngress: /* @__PURE__ */ serviceRpc(IngressWire, "listIngress", INGRESS),
  deleteIngress: /* @__PURE__ */ serviceRpc(IngressWire, "deleteIngress", INGRESS),
};

const INGRESS_ADMIN = { ingressAdmin: true } as const;

/** The kind of input: the `IngressInput` enum or its name (`"RTMP_INPUT"`, `"WHIP_INPUT"`, `"URL_INPUT"`). */
export type IngressInputType = IngressInput | "RTMP_INPUT" | "WHIP_INPUT" | "URL_INPUT";

/** Audio track options of an ingress: `name`, `source`, and a preset or encoding options. */
export type IngressAudioOptionsFields = Omit<MessageInitShape<typeof IngressAudioOptionsSchema>, "$typeName">;
/** Video track options of an ingress: `name`, `source`, and a preset or encoding options. */
export type IngressVideoOptionsFields = Omit<MessageInitShape<typeof IngressVideoOptionsSchema>, "$typeName">;

/** The participant and media settings an ingress publishes with; shared by create and update. */
export interface IngressSettings {
  /** Friendly name of the ingress. */
  readonly name?: string;
  /** Room the ingress publishes into. */
  readonly roomName?: string;
  /** Identity of the participant the ingress publishes as. */
  readonly participantIdentity?: string;
  /** Display name of that participant. */
  readonly participantName?: string;
  /** Metadata of that participant. */
  readonly participantMetadata?: string;
  /** Transcode the input (WHIP defaults to passing it through). */
  readonly enableTranscoding?: boolean;
  /** False rejects new connection attempts; default true. */
  readonly enabled?: boolean;
  /** Audio track options. */
  readonly audio?: IngressAudioOptionsFields;
  /** Video track options. */
  readonly video?: IngressVideoOptionsFields;
}

/** Options of `createIngress`: the input type plus the settings; `url` is required for `URL_INPUT`. */
export interface CreateIngressOptions extends IngressSettings {
  /** RTMP or WHIP push endpoints, or a URL to pull from. */
  readonly inputType: IngressInputType;
  /** The HTTP(S) media file or HLS URL to pull from (URL_INPUT only). */
  readonly url?: string;
}

/** Filters of `listIngress`; all optional. */
export interface ListIngressOptions {
  /** Only ingresses publishing into this room. */
  readonly roomName?: string;
  /** Only this ingress. */
  readonly ingressId?: string;
}

// The protocol's IngressInput numbers, typed as its enum without loading the module that defines it (and
// with it a file descriptor); enum-numbers.test.ts holds them equal to the enum.
export const RTMP_INPUT = 0 as IngressInput.RTMP_INPUT;
export const WHIP_INPUT = 1 as IngressInput.WHIP_INPUT;
export const URL_INPUT = 2 as IngressInput.URL_INPUT;

const INPUT_NAMES: Readonly<Record<string, IngressInput>> = { RTMP_INPUT, WHIP_INPUT, URL_INPUT };

function inputType(value: unknown): IngressInput {
  if (typeof value === "string") {
    const input = INPUT_NAMES[value];
    if (input !== undefined) return input;
  } else if (value === RTMP_INPUT || value === WHIP_INPUT || value === URL_INPUT) {
    return value;
  }
  throw new InvalidArgumentError(
    "inputType",
    `must be IngressInput.RTMP_INPUT, WHIP_INPUT or URL_INPUT (or that name), got ${String(value)}`,
  );
}

// Empty strings are what the server reads as "not given", so omitted settings stay as they are on update.
function settings(opts: IngressSettings) {
  const str = (argument: keyof IngressSettings) => {
    const value = opts[argument];
    return value === undefined ? "" : requireString(argument, value);
  };
  const enableTranscoding = optionalBool("enableTranscoding", opts.enableTranscoding);
  const enabled = optionalBool("enabled", opts.enabled);
  return {
    name: str("name"),
    roomName: str("roomName"),
    participantIdentity: str("participantIdentity"),
    participantName: str("participantName"),
    participantMetadata: str("participantMetadata"),
    ...(enableTranscoding === undefined ? {} : { enableTranscoding }),
    ...(enabled === undefined ? {} : { enabled }),
    ...(opts.audio === undefined ? {} : { audio: requireOptions("audio", opts.audio) }),
    ...(opts.video === undefined ? {} : { video: requireOptions("video", opts.video) }),
  };
}

/**
 * Creates an ingress: an RTMP or WHIP endpoint to push to (its `url` and `streamKey` are in the result)
 * or a URL to pull from. Needs `ingressAdmin`.
 */
async function createIngress(
  client: Client,
  options: CreateIngressOptions,
  call?: CallOptions,
): Promise<IngressInfo> {
  if (options === undefined) throw new InvalidArgumentError("options", "must give at least { inputType }");
  const opts = requireOptions("options", options);
  const input = inputType(opts.inputType);
  const url = opts.url === undefined ? "" : requireString("url", opts.url);
  if (input === URL_INPUT && url === "") {
    throw new InvalidArgumentError("url", "is required for a URL_INPUT ingress");
  }
  return callRpc(
    client,
    rpc.createIngress,
    { inputType: input, url, ...settings(opts) },
    INGRESS_ADMIN,
    call,
  );
}

/** Changes an ingress's settings; omitted ones stay as they are. Needs `ingressAdmin`. */
async function updateIngress(
  client: Client,
  ingressId: string,
  options: IngressSettings,
  call?: CallOptions,
): Promise<IngressInfo> {
  requireName("ingressId", ingressId);
  const opts = requireOptions("options", options);
  return callRpc(client, rpc.updateIngress, { ingressId, ...settings(opts) }, INGRESS_ADMIN, call);
}

function listRequest(options: ListIngressOptions | undefined) {
  const opts = requireOptions("options", options);
  return {
    roomName: opts.roomName === undefined ? "" : requireString("roomName", opts.roomName),
    ingressId: opts.ingressId === undefined ? "" : requireString("ingressId", opts.ingressId),
  };
}

/**
 * Lists ingresses, optionally of one room or one id (one request: the first page when the server
 * paginates; `iterateIngress` follows every page). Needs `ingressAdmin`.
 */
async function listIngress(
  client: Client,
  options?: ListIngressOptions,
  call?: CallOptions,
): Promise<IngressInfo[]> {
  const res = await callRpc(client, rpc.listIngress, listRequest(options), INGRESS_ADMIN, call);
  return res.items;
}

/** Yields every ingress matching the filters, following the server's page tokens. Needs `ingressAdmin`. */
function iterateIngress(
  client: Client,
  options?: ListIngressOptions,
  call?: CallOptions,
): AsyncGenerator<IngressInfo, void, undefined> {
  const request = listRequest(options);
  return rpcPages(client, rpc.listIngress, request, INGRESS_ADMIN, call, (res) => res.items);
}

/** Deletes an ingress; resolves with its last info. Needs `ingressAdmin`. */
async function deleteIngress(client: Client, ingressId: string, call?: CallOptions): Promise<IngressInfo> {
  requireName("ingressId", ingressId);
  return callRpc(client, rpc.deleteIngress, { ingressId }, INGRESS_ADMIN, call);
}

/**
 * LiveKit's Ingress service: bring RTMP, WHIP or pulled media into a room. Every function takes the
 * `Client` first and an optional `CallOptions` last; all need `ingressAdmin`, which the client adds.
 * The server stores ingresses in Redis: without Redis it answers an error.
 */
export const IngressService = {
  createIngress,
  updateIngress,
  listIngress,
  iterateIngress,
  deleteIngress,
} as const;
