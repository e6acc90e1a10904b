import type { MessageInitShape } from "@bufbuild/protobuf";
import type {
  SIPDispatchRuleCalleeSchema,
  SIPDispatchRuleDirectSchema,
  SIPDispatchRuleIndividualSchema,
  SIPDispatchRuleInfo,
  SIPDispatchRuleInfoSchema,
  SIPDispatchRuleUpdateSchema,
} from "@exlivekit/protocol/sip";
import { SIPWire } from "@exlivekit/protocol/wire/sip";
import type { Client } from "../client.ts";
import { InvalidArgumentError } from "../errors.ts";
import { SIP } from "../retry-classes.ts";
import type { CallOptions } from "../twirp-caller.ts";
import { callRpc, serviceRpc } from "../twirp-caller.ts";
import { requireName, requireNames, requireOptions } from "../validate.ts";
import { idPages, pageSize } from "./pagination.ts";
import { SIP_ADMIN } from "./sip-trunks.ts";

const rpc = {
  createSipDispatchRule: /* @__PURE__ */ serviceRpc(SIPWire, "createSIPDispatchRule", SIP),
  updateSipDispatchRule: /* @__PURE__ */ serviceRpc(SIPWire, "updateSIPDispatchRule", SIP),
  listSipDispatchRule: /* @__PURE__ */ serviceRpc(SIPWire, "listSIPDispatchRule", SIP),
  deleteSipDispatchRule: /* @__PURE__ */ serviceRpc(SIPWire, "deleteSIPDispatchRule", SIP),
};

/**
 * Where an inbound call goes, as a one-key wrapper:
 * `{ direct: { roomName, pin? } }` (one existing room), `{ individual: { roomPrefix, pin?, noRandomness? } }`
 * (a new room per caller), or `{ callee: { roomPrefix, pin?, randomize? } }` (a room per called number).
 */
export type SipDispatchRuleSpec =
  | {
      /** Every caller into one existing room (`roomName`), optionally behind a `pin`. */
      readonly direct: Omit<MessageInitShape<typeof SIPDispatchRuleDirectSchema>, "$typeName">;
    }
  | {
      /** Each caller into a new room named `roomPrefix` + caller. */
      readonly individual: Omit<MessageInitShape<typeof SIPDispatchRuleIndividualSchema>, "$typeName">;
    }
  | {
      /** Callers into a room per called number, named `roomPrefix` + number. */
      readonly callee: Omit<MessageInitShape<typeof SIPDispatchRuleCalleeSchema>, "$typeName">;
    };

/**
 * The other settings of a dispatch rule: `name`, `metadata`, `attributes`, `trunkIds`, `numbers`,
 * `hidePhoneNumber`, `inboundNumbers`, `roomPreset`, `roomConfig`, `media`, `krispEnabled`.
 */
export type SipDispatchRuleOptions = Omit<
  MessageInitShape<typeof SIPDispatchRuleInfoSchema>,
  "$typeName" | "sipDispatchRuleId" | "rule" | "createdAt" | "updatedAt"
>;

/** Partial dispatch-rule update: `trunkIds` as `{ set | add | remove | clear }`, other fields replaced when given. */
export type SipDispatchRuleUpdate = Omit<
  MessageInitShape<typeof SIPDispatchRuleUpdateSchema>,
  "$typeName" | "rule"
> & {
  /** A new rule. */
  readonly rule?: SipDispatchRuleSpec;
};

/** Filters of the dispatch-rule list; all optional. */
export interface ListSipDispatchRuleOptions {
  /** Only these rule ids. */
  readonly dispatchRuleIds?: readonly string[];
  /** Only rules applying to these trunks. */
  readonly trunkIds?: readonly string[];
}

const CASES = {
  direct: "dispatchRuleDirect",
  individual: "dispatchRuleIndividual",
  callee: "dispatchRuleCallee",
} as const;

function ruleOf(argument: string, spec: SipDispatchRuleSpec) {
  const value = requireOptions(argument, spec) as Record<string, unknown>;
  const keys = Object.keys(value).filter((key) => value[key] !== undefined);
  const key = keys[0];
  if (keys.length !== 1 || (key !== "direct" && key !== "individual" && key !== "callee")) {
    throw new InvalidArgumentError(argument, 'must have exactly one of "direct", "individual", "callee"');
  }
  const fields = requireOptions(`${argument}.${key}`, value[key] as object);
  return { rule: { case: CASES[key], value: fields } } as MessageInitShape<
    typeof SIPDispatchRuleInfoSchema
  >["rule"];
}

function listFilters(options: ListSipDispatchRuleOptions | undefined) {
  const opts = requireOptions("options", options);
  return {
    dispatchRuleIds:
      opts.dispatchRuleIds === undefined ? [] : [...requireNames("dispatchRuleIds", opts.dispatchRuleIds)],
    trunkIds: opts.trunkIds === undefined ? [] : [...requireNames("trunkIds", opts.trunkIds)],
  };
}

/** Creates a dispatch rule routing inbound calls into rooms. Needs `sipAdmin`. */
export async function createSipDispatchRule(
  client: Client,
  rule: SipDispatchRuleSpec,
  options?: SipDispatchRuleOptions,
  call?: CallOptions,
): Promise<SIPDispatchRuleInfo> {
  const opts = requireOptions("options", options);
  const dispatchRule = { ...opts, rule: ruleOf("rule", rule) };
  return callRpc(client, rpc.createSipDispatchRule, { dispatchRule }, SIP_ADMIN, call);
}

/** Replaces a dispatch rule entirely (rule and settings). Needs `sipAdmin`. */
export async function updateSipDispatchRule(
  client: Client,
  sipDispatchRuleId: string,
  rule: SipDispatchRuleSpec,
  options?: SipDispatchRuleOptions,
  call?: CallOptions,
): Promise<SIPDispatchRuleInfo> {
  requireName("sipDispatchRuleId", sipDispatchRuleId);
  const opts = requireOptions("options", options);
  const value = { ...opts, rule: ruleOf("rule", rule) };
  return callRpc(
    client,
    rpc.updateSipDispatchRule,
    { sipDispatchRuleId, action: { case: "replace", value } },
    SIP_ADMIN,
    call,
  );
}

/** Changes only the given settings of a dispatch rule. Needs `sipAdmin`. */
export async function updateSipDispatchRuleFields(
  client: Client,
  sipDispatchRuleId: string,
  update: SipDispatchRuleUpdate,
  call?: CallOptions,
): Promise<SIPDispatchRuleInfo> {
  requireName("sipDispatchRuleId", sipDispatchRuleId);
  const { rule, ...rest } = requireOptions("update", update);
  const value = { ...rest, ...(rule === undefined ? {} : { rule: ruleOf("update.rule", rule) }) };
  return callRpc(
    client,
    rpc.updateSipDispatchRule,
    { sipDispatchRuleId, action: { case: "update", value } },
    SIP_ADMIN,
    call,
  );
}

/** Lists dispatch rules (one request, no paging). Needs `sipAdmin`. */
export async function listSipDispatchRule(
  client: Client,
  options?: ListSipDispatchRuleOptions,
  call?: CallOptions,
): Promise<SIPDispatchRuleInfo[]> {
  const res = await callRpc(client, rpc.listSipDispatchRule, listFilters(options), SIP_ADMIN, call);
  return res.items;
}

/** Yields every dispatch rule, `pageSize` (default 100) per request. Needs `sipAdmin`. */
export function iterateSipDispatchRule(
  client: Client,
  options?: ListSipDispatchRuleOptions & { readonly pageSize?: number },
  call?: CallOptions,
): AsyncGenerator<SIPDispatchRuleInfo, void, undefined> {
  const request = listFilters(options);
  return idPages(
    (page) => callRpc(client, rpc.listSipDispatchRule, { ...request, page }, SIP_ADMIN, call),
    (rule) => rule.sipDispatchRuleId,
    pageSize(options?.pageSize),
  );
}

/** Deletes a dispatch rule; rejects with `not_found` for an unknown id. Needs `sipAdmin`. */
export async function deleteSipDispatchRule(
  client: Client,
  sipDispatchRuleId: string,
  call?: CallOptions,
): Promise<SIPDispatchRuleInfo> {
  requireName("sipDispatchRuleId", sipDispatchRuleId);
  return callRpc(client, rpc.deleteSipDispatchRule, { sipDispatchRuleId }, SIP_ADMIN, call);
}
