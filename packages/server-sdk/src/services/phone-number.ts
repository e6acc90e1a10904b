import type {
  ListPhoneNumbersRequestSchema,
  PhoneNumber,
  SearchPhoneNumbersRequestSchema,
  UpdatePhoneNumberRequestSchema,
} from "@exlivekit/protocol/phone_number";
import { PhoneNumberServiceWire } from "@exlivekit/protocol/wire/phone_number";
import type { Client } from "../client.ts";
import { InvalidArgumentError } from "../errors.ts";
import { PHONE_NUMBER_SERVICE } from "../retry-classes.ts";
import type { CallOptions } from "../twirp-caller.ts";
import { callRpc, serviceRpc } from "../twirp-caller.ts";
import { requireName, requireNames, requireOptions } from "../validate.ts";
import type { Fields } from "./messages.ts";
import { present } from "./messages.ts";
import { rpcPages } from "./pagination.ts";

const rpc = {
  searchPhoneNumbers: /* @__PURE__ */ serviceRpc(
    PhoneNumberServiceWire,
    "searchPhoneNumbers",
    PHONE_NUMBER_SERVICE,
  ),
  purchasePhoneNumber: /* @__PURE__ */ serviceRpc(
    PhoneNumberServiceWire,
    "purchasePhoneNumber",
    PHONE_NUMBER_SERVICE,
  ),
  listPhoneNumbers: /* @__PURE__ */ serviceRpc(
    PhoneNumberServiceWire,
    "listPhoneNumbers",
    PHONE_NUMBER_SERVICE,
  ),
  getPhoneNumber: /* @__PURE__ */ serviceRpc(PhoneNumberServiceWire, "getPhoneNumber", PHONE_NUMBER_SERVICE),
  updatePhoneNumber: /* @__PURE__ */ serviceRpc(
    PhoneNumberServiceWire,
    "updatePhoneNumber",
    PHONE_NUMBER_SERVICE,
  ),
  releasePhoneNumbers: /* @__PURE__ */ serviceRpc(
    PhoneNumberServiceWire,
    "releasePhoneNumbers",
    PHONE_NUMBER_SERVICE,
  ),
};

// LiveKit's Go SDK signs every PhoneNumberService call with `sip.admin` (https://github.com/livekit/server-sdk-go/blob/v2.20.0/phonenumberclient.go).
const SIP_ADMIN = { sipAdmin: true } as const;

/** `SearchPhoneNumbersRequest` filters besides the country: `areaCode`, `limit`. */
export type SearchPhoneNumbersOptions = Omit<
  Fields<typeof SearchPhoneNumbersRequestSchema>,
  "countryCode" | "pageToken"
>;

/** `ListPhoneNumbersRequest` filters: `statuses`, `sipDispatchRuleId`, `limit`. */
export type ListPhoneNumbersOptions = Omit<Fields<typeof ListPhoneNumbersRequestSchema>, "pageToken">;

/** What `updatePhoneNumber` changes: `name`, `sipDispatchRuleId`. */
export type PhoneNumberUpdate = Omit<Fields<typeof UpdatePhoneNumberRequestSchema>, "id" | "phoneNumber">;

/** A phone number by its LiveKit id (`PN_...`) or by the number itself in E.164 (`+14155550100`). */
export type PhoneNumberRef =
  | {
      /** LiveKit's id of the number, `PN_...`. */
      readonly id: string;
    }
  | {
      /** The number in E.164, `+14155550100`. */
      readonly phoneNumber: string;
    };

function ref(value: PhoneNumberRef): { id: string } | { phoneNumber: string } {
  const opts = requireOptions("phoneNumber", value);
  if ("id" in opts) return { id: requireName("id", opts.id) };
  if ("phoneNumber" in opts) return { phoneNumber: requireName("phoneNumber", opts.phoneNumber) };
  throw new InvalidArgumentError("phoneNumber", "must be { id } or { phoneNumber }");
}

/**
 * Searches the numbers LiveKit can sell in a country (`"US"`), first page. `iterateSearchPhoneNumbers`
 * follows every page. Needs `sip.admin`.
 */
async function searchPhoneNumbers(
  client: Client,
  countryCode: string,
  options?: SearchPhoneNumbersOptions,
  call?: CallOptions,
): Promise<PhoneNumber[]> {
  requireName("countryCode", countryCode);
  const opts = requireOptions("options", options);
  const res = await callRpc(client, rpc.searchPhoneNumbers, { ...opts, countryCode }, SIP_ADMIN, call);
  return res.items;
}

/** Yields every number `searchPhoneNumbers` finds, following the page tokens. Needs `sip.admin`. */
function iterateSearchPhoneNumbers(
  client: Client,
  countryCode: string,
  options?: SearchPhoneNumbersOptions,
  call?: CallOptions,
): AsyncGenerator<PhoneNumber, void, undefined> {
  requireName("countryCode", countryCode);
  const opts = requireOptions("options", options);
  return rpcPages(
    client,
    rpc.searchPhoneNumbers,
    { ...opts, countryCode },
    SIP_ADMIN,
    call,
    (res) => res.items,
  );
}

/**
 * Buys numbers (E.164) for the project, optionally routing them to a dispatch rule; resolves with them.
 * Spends money: never retried after the request may have reached the server. Needs `sip.admin`.
 */
async function purchasePhoneNumber(
  client: Client,
  phoneNumbers: readonly string[],
  options?: { readonly sipDispatchRuleId?: string },
  call?: CallOptions,
): Promise<PhoneNumber[]> {
  requireNames("phoneNumbers", phoneNumbers);
  if (phoneNumbers.length === 0) throw new InvalidArgumentError("phoneNumbers", "must not be empty");
  const opts = requireOptions("options", options);
  const res = await callRpc(
    client,
    rpc.purchasePhoneNumber,
    {
      phoneNumbers: [...phoneNumbers],
      ...(opts.sipDispatchRuleId === undefined
        ? {}
        : { sipDispatchRuleId: requireName("sipDispatchRuleId", opts.sipDispatchRuleId) }),
    },
    SIP_ADMIN,
    call,
  );
  return res.phoneNumbers;
}

/** Lists the project's numbers, first page (`iteratePhoneNumbers` follows every page). Needs `sip.admin`. */
async function listPhoneNumbers(
  client: Client,
  options?: ListPhoneNumbersOptions,
  call?: CallOptions,
): Promise<PhoneNumber[]> {
  const opts = requireOptions("options", options);
  const res = await callRpc(client, rpc.listPhoneNumbers, opts, SIP_ADMIN, call);
  return res.items;
}

/** Yields every number of the project, following the page tokens. Needs `sip.admin`. */
function iteratePhoneNumbers(
  client: Client,
  options?: ListPhoneNumbersOptions,
  call?: CallOptions,
): AsyncGenerator<PhoneNumber, void, undefined> {
  const opts = requireOptions("options", options);
  return rpcPages(client, rpc.listPhoneNumbers, opts, SIP_ADMIN, call, (res) => res.items);
}

/** Gets one of the project's numbers by id or number; rejects `not_found` when absent. Needs `sip.admin`. */
async function getPhoneNumber(
  client: Client,
  phoneNumber: PhoneNumberRef,
  call?: CallOptions,
): Promise<PhoneNumber> {
  const res = await callRpc(client, rpc.getPhoneNumber, ref(phoneNumber), SIP_ADMIN, call);
  return present(res.phoneNumber, rpc.getPhoneNumber.label, "a phone number");
}

/** Renames a number or routes it to a dispatch rule; resolves with it. Needs `sip.admin`. */
async function updatePhoneNumber(
  client: Client,
  phoneNumber: PhoneNumberRef,
  update: PhoneNumberUpdate,
  call?: CallOptions,
): Promise<PhoneNumber> {
  const fields = requireOptions("update", update);
  const res = await callRpc(
    client,
    rpc.updatePhoneNumber,
    { ...fields, ...ref(phoneNumber) },
    SIP_ADMIN,
    call,
  );
  return present(res.phoneNumber, rpc.updatePhoneNumber.label, "a phone number");
}

/** Gives numbers back, by ids and/or E.164 numbers. Needs `sip.admin`. */
async function releasePhoneNumbers(
  client: Client,
  numbers: { readonly ids?: readonly string[]; readonly phoneNumbers?: readonly string[] },
  call?: CallOptions,
): Promise<void> {
  const opts = requireOptions("numbers", numbers);
  const ids = opts.ids === undefined ? [] : [...requireNames("ids", opts.ids)];
  const phoneNumbers =
    opts.phoneNumbers === undefined ? [] : [...requireNames("phoneNumbers", opts.phoneNumbers)];
  if (ids.length + phoneNumbers.length === 0) {
    throw new InvalidArgumentError("numbers", "must name at least one id or phone number");
  }
  await callRpc(client, rpc.releasePhoneNumbers, { ids, phoneNumbers }, SIP_ADMIN, call);
}

/**
 * LiveKit Cloud's PhoneNumberService: buy, route and release phone numbers. Every function takes the
 * `Client` first and an optional `CallOptions` last and needs `sip.admin` (added by the client). The
 * open-source livekit-server does not serve it (404 `bad_route`).
 */
export const PhoneNumberService = {
  searchPhoneNumbers,
  iterateSearchPhoneNumbers,
  purchasePhoneNumber,
  listPhoneNumbers,
  iteratePhoneNumbers,
  getPhoneNumber,
  updatePhoneNumber,
  releasePhoneNumbers,
} as const;
