import type { MessageInitShape } from "@bufbuild/protobuf";
import type {
  SIPInboundTrunkInfo,
  SIPInboundTrunkInfoSchema,
  SIPInboundTrunkUpdateSchema,
  SIPOutboundTrunkInfo,
  SIPOutboundTrunkInfoSchema,
  SIPOutboundTrunkUpdateSchema,
  SIPTrunkInfo,
} from "@exlivekit/protocol/sip";
import { SIPWire } from "@exlivekit/protocol/wire/sip";
import type { Client } from "../client.ts";
import { SIP } from "../retry-classes.ts";
import type { CallOptions } from "../twirp-caller.ts";
import { callRpc, serviceRpc } from "../twirp-caller.ts";
import { requireName, requireNames, requireOptions } from "../validate.ts";
import type { DurationInput } from "./durations.ts";
import { duration } from "./durations.ts";
import { present } from "./messages.ts";
import { idPages, pageSize } from "./pagination.ts";

const rpc = {
  createSipInboundTrunk: /* @__PURE__ */ serviceRpc(SIPWire, "createSIPInboundTrunk", SIP),
  createSipOutboundTrunk: /* @__PURE__ */ serviceRpc(SIPWire, "createSIPOutboundTrunk", SIP),
  getSipInboundTrunk: /* @__PURE__ */ serviceRpc(SIPWire, "getSIPInboundTrunk", SIP),
  getSipOutboundTrunk: /* @__PURE__ */ serviceRpc(SIPWire, "getSIPOutboundTrunk", SIP),
  updateSipInboundTrunk: /* @__PURE__ */ serviceRpc(SIPWire, "updateSIPInboundTrunk", SIP),
  updateSipOutboundTrunk: /* @__PURE__ */ serviceRpc(SIPWire, "updateSIPOutboundTrunk", SIP),
  listSipTrunk: /* @__PURE__ */ serviceRpc(SIPWire, "listSIPTrunk", SIP),
  listSipInboundTrunk: /* @__PURE__ */ serviceRpc(SIPWire, "listSIPInboundTrunk", SIP),
  listSipOutboundTrunk: /* @__PURE__ */ serviceRpc(SIPWire, "listSIPOutboundTrunk", SIP),
  deleteSipTrunk: /* @__PURE__ */ serviceRpc(SIPWire, "deleteSIPTrunk", SIP),
};

/** The grant every trunk and dispatch-rule call needs. */
export const SIP_ADMIN = { sipAdmin: true } as const;

type Server = "sipTrunkId" | "createdAt" | "updatedAt" | "$typeName";

/**
 * An inbound trunk's settings (`SIPInboundTrunkInfo` without its id and timestamps): `name`, `metadata`,
 * `numbers`, `allowedAddresses`, `allowedNumbers`, `authUsername`, `authPassword`, `headers`,
 * `ringingTimeout`, `maxCallDuration`, `krispEnabled`, `media`, ...
 */
export type SipInboundTrunkFields = Omit<
  MessageInitShape<typeof SIPInboundTrunkInfoSchema>,
  Server | "ringingTimeout" | "maxCallDuration"
> & {
  /** How long an inbound call may ring: seconds, `"30s"`, or a `Duration`. */
  readonly ringingTimeout?: DurationInput;
  /** Longest call the trunk carries: seconds, `"1h"`, or a `Duration`. */
  readonly maxCallDuration?: DurationInput;
};

/** The trunk message init for inbound settings, its durations converted. */
function inboundTrunk<T extends Partial<SipInboundTrunkFields>>(fields: T) {
  const { ringingTimeout, maxCallDuration, ...rest } = fields;
  const ringing = duration("ringingTimeout", ringingTimeout);
  const longest = duration("maxCallDuration", maxCallDuration);
  return {
    ...rest,
    ...(ringing === undefined ? {} : { ringingTimeout: ringing }),
    ...(longest === undefined ? {} : { maxCallDuration: longest }),
  };
}
/**
 * An outbound trunk's settings (`SIPOutboundTrunkInfo` without its id and timestamps): `name`, `address`,
 * `numbers`, `transport`, `authUsername`, `authPassword`, `destinationCountry`, `fromHost`, `headers`, ...
 */
export type SipOutboundTrunkFields = Omit<MessageInitShape<typeof SIPOutboundTrunkInfoSchema>, Server>;
/** Partial inbound-trunk update: lists as `{ set | add | remove | clear }`, scalars replaced when given. */
export type SipInboundTrunkUpdate = Omit<MessageInitShape<typeof SIPInboundTrunkUpdateSchema>, "$typeName">;
/** Partial outbound-trunk update: lists as `{ set | add | remove | clear }`, scalars replaced when given. */
export type SipOutboundTrunkUpdate = Omit<MessageInitShape<typeof SIPOutboundTrunkUpdateSchema>, "$typeName">;

/** Filters of the trunk lists; all optional. */
export interface ListSipTrunkOptions {
  /** Only these trunk ids. */
  readonly trunkIds?: readonly string[];
  /** Only trunks serving one of these numbers. */
  readonly numbers?: readonly string[];
}

/** Filters plus page size of the trunk iterations. */
export interface IterateSipTrunkOptions extends ListSipTrunkOptions {
  /** Items asked for per request (default 100). */
  readonly pageSize?: number;
}

function filters(options: ListSipTrunkOptions | undefined) {
  const opts = requireOptions("options", options);
  return {
    trunkIds: opts.trunkIds === undefined ? [] : [...requireNames("trunkIds", opts.trunkIds)],
    numbers: opts.numbers === undefined ? [] : [...requireNames("numbers", opts.numbers)],
  };
}

/** Creates an inbound trunk accepting calls to `numbers`. Needs `sipAdmin`. */
export async function createSipInboundTrunk(
  client: Client,
  name: string,
  numbers: readonly string[],
  options?: Omit<SipInboundTrunkFields, "name" | "numbers">,
  call?: CallOptions,
): Promise<SIPInboundTrunkInfo> {
  requireName("name", name);
  requireNames("numbers", numbers);
  const opts = requireOptions("options", options);
  const trunk = { ...inboundTrunk(opts), name, numbers: [...numbers] };
  return callRpc(client, rpc.createSipInboundTrunk, { trunk }, SIP_ADMIN, call);
}

/** Creates an outbound trunk that places calls through `address` from `numbers`. Needs `sipAdmin`. */
export async function createSipOutboundTrunk(
  client: Client,
  name: string,
  address: string,
  numbers: readonly string[],
  options?: Omit<SipOutboundTrunkFields, "name" | "address" | "numbers">,
  call?: CallOptions,
): Promise<SIPOutboundTrunkInfo> {
  requireName("name", name);
  requireName("address", address);
  requireNames("numbers", numbers);
  const opts = requireOptions("options", options);
  const trunk = { ...opts, name, address, numbers: [...numbers] };
  return callRpc(client, rpc.createSipOutboundTrunk, { trunk }, SIP_ADMIN, call);
}

/** Gets an inbound trunk; rejects with code `not_found` for an unknown id. Needs `sipAdmin`. */
export async function getSipInboundTrunk(
  client: Client,
  sipTrunkId: string,
  call?: CallOptions,
): Promise<SIPInboundTrunkInfo> {
  requireName("sipTrunkId", sipTrunkId);
  const res = await callRpc(client, rpc.getSipInboundTrunk, { sipTrunkId }, SIP_ADMIN, call);
  return present(res.trunk, rpc.getSipInboundTrunk.label, "a trunk");
}

/** Gets an outbound trunk; rejects with code `not_found` for an unknown id. Needs `sipAdmin`. */
export async function getSipOutboundTrunk(
  client: Client,
  sipTrunkId: string,
  call?: CallOptions,
): Promise<SIPOutboundTrunkInfo> {
  requireName("sipTrunkId", sipTrunkId);
  const res = await callRpc(client, rpc.getSipOutboundTrunk, { sipTrunkId }, SIP_ADMIN, call);
  return present(res.trunk, rpc.getSipOutboundTrunk.label, "a trunk");
}

/** Replaces every setting of an inbound trunk. Needs `sipAdmin`. */
export async function updateSipInboundTrunk(
  client: Client,
  sipTrunkId: string,
  trunk: SipInboundTrunkFields,
  call?: CallOptions,
): Promise<SIPInboundTrunkInfo> {
  requireName("sipTrunkId", sipTrunkId);
  const value = inboundTrunk(requireOptions("trunk", trunk));
  return callRpc(
    client,
    rpc.updateSipInboundTrunk,
    { sipTrunkId, action: { case: "replace", value } },
    SIP_ADMIN,
    call,
  );
}

/** Changes only the given settings of an inbound trunk. Needs `sipAdmin`. */
export async function updateSipInboundTrunkFields(
  client: Client,
  sipTrunkId: string,
  update: SipInboundTrunkUpdate,
  call?: CallOptions,
): Promise<SIPInboundTrunkInfo> {
  requireName("sipTrunkId", sipTrunkId);
  const value = requireOptions("update", update);
  return callRpc(
    client,
    rpc.updateSipInboundTrunk,
    { sipTrunkId, action: { case: "update", value } },
    SIP_ADMIN,
    call,
  );
}

/** Replaces every setting of an outbound trunk. Needs `sipAdmin`. */
export async function updateSipOutboundTrunk(
  client: Client,
  sipTrunkId: string,
  trunk: SipOutboundTrunkFields,
  call?: CallOptions,
): Promise<SIPOutboundTrunkInfo> {
  requireName("sipTrunkId", sipTrunkId);
  const value = requireOptions("trunk", trunk);
  return callRpc(
    client,
    rpc.updateSipOutboundTrunk,
    { sipTrunkId, action: { case: "replace", value } },
    SIP_ADMIN,
    call,
  );
}

/** Changes only the given settings of an outbound trunk. Needs `sipAdmin`. */
export async function updateSipOutboundTrunkFields(
  client: Client,
  sipTrunkId: string,
  update: SipOutboundTrunkUpdate,
  call?: CallOptions,
): Promise<SIPOutboundTrunkInfo> {
  requireName("sipTrunkId", sipTrunkId);
  const value = requireOptions("update", update);
  return callRpc(
    client,
    rpc.updateSipOutboundTrunk,
    { sipTrunkId, action: { case: "update", value } },
    SIP_ADMIN,
    call,
  );
}

/** Lists inbound trunks (one request, no paging). Needs `sipAdmin`. */
export async function listSipInboundTrunk(
  client: Client,
  options?: ListSipTrunkOptions,
  call?: CallOptions,
): Promise<SIPInboundTrunkInfo[]> {
  const res = await callRpc(client, rpc.listSipInboundTrunk, filters(options), SIP_ADMIN, call);
  return res.items;
}

/** Lists outbound trunks (one request, no paging). Needs `sipAdmin`. */
export async function listSipOutboundTrunk(
  client: Client,
  options?: ListSipTrunkOptions,
  call?: CallOptions,
): Promise<SIPOutboundTrunkInfo[]> {
  const res = await callRpc(client, rpc.listSipOutboundTrunk, filters(options), SIP_ADMIN, call);
  return res.items;
}

/** Yields every inbound trunk, `pageSize` per request (id-ordered pages). Needs `sipAdmin`. */
export function iterateSipInboundTrunk(
  client: Client,
  options?: IterateSipTrunkOptions,
  call?: CallOptions,
): AsyncGenerator<SIPInboundTrunkInfo, void, undefined> {
  const request = filters(options);
  return idPages(
    (page) => callRpc(client, rpc.listSipInboundTrunk, { ...request, page }, SIP_ADMIN, call),
    (trunk) => trunk.sipTrunkId,
    pageSize(options?.pageSize),
  );
}

/** Yields every outbound trunk, `pageSize` per request (id-ordered pages). Needs `sipAdmin`. */
export function iterateSipOutboundTrunk(
  client: Client,
  options?: IterateSipTrunkOptions,
  call?: CallOptions,
): AsyncGenerator<SIPOutboundTrunkInfo, void, undefined> {
  const request = filters(options);
  return idPages(
    (page) => callRpc(client, rpc.listSipOutboundTrunk, { ...request, page }, SIP_ADMIN, call),
    (trunk) => trunk.sipTrunkId,
    pageSize(options?.pageSize),
  );
}

/**
 * Lists every trunk in the legacy combined shape.
 * @deprecated Use `listSipInboundTrunk` and `listSipOutboundTrunk`.
 */
export async function listSipTrunk(client: Client, call?: CallOptions): Promise<SIPTrunkInfo[]> {
  const res = await callRpc(client, rpc.listSipTrunk, {}, SIP_ADMIN, call);
  return res.items;
}

/** Deletes an inbound or outbound trunk; rejects with `not_found` for an unknown id. Needs `sipAdmin`. */
export async function deleteSipTrunk(
  client: Client,
  sipTrunkId: string,
  call?: CallOptions,
): Promise<SIPTrunkInfo> {
  requireName("sipTrunkId", sipTrunkId);
  return callRpc(client, rpc.deleteSipTrunk, { sipTrunkId }, SIP_ADMIN, call);
}
