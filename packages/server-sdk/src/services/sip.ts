import { createSipParticipant, transferSipParticipant } from "./sip-calls.ts";
import {
  createSipDispatchRule,
  deleteSipDispatchRule,
  iterateSipDispatchRule,
  listSipDispatchRule,
  updateSipDispatchRule,
  updateSipDispatchRuleFields,
} from "./sip-dispatch-rules.ts";
import {
  createSipInboundTrunk,
  createSipOutboundTrunk,
  deleteSipTrunk,
  getSipInboundTrunk,
  getSipOutboundTrunk,
  iterateSipInboundTrunk,
  iterateSipOutboundTrunk,
  listSipInboundTrunk,
  listSipOutboundTrunk,
  listSipTrunk,
  updateSipInboundTrunk,
  updateSipInboundTrunkFields,
  updateSipOutboundTrunk,
  updateSipOutboundTrunkFields,
} from "./sip-trunks.ts";

/**
 * LiveKit's SIP service: inbound and outbound trunks, dispatch rules, outbound calls and transfers.
 * Every function takes the `Client` first and an optional `CallOptions` last. Trunks and rules need
 * `sipAdmin`; `createSipParticipant` needs `sipCall`; `transferSipParticipant` needs `sipCall` plus
 * `roomAdmin` on the room (the client adds them). Trunks and rules are stored in Redis: without Redis
 * the server answers an error. `list*` send one request; `iterate*` yield every item page by page.
 * A failed call's SIP status is read with `sipErrorDetails(error)`.
 */
export const SipService = {
  createSipInboundTrunk,
  createSipOutboundTrunk,
  getSipInboundTrunk,
  getSipOutboundTrunk,
  updateSipInboundTrunk,
  updateSipInboundTrunkFields,
  updateSipOutboundTrunk,
  updateSipOutboundTrunkFields,
  listSipInboundTrunk,
  listSipOutboundTrunk,
  iterateSipInboundTrunk,
  iterateSipOutboundTrunk,
  listSipTrunk,
  deleteSipTrunk,
  createSipDispatchRule,
  updateSipDispatchRule,
  updateSipDispatchRuleFields,
  listSipDispatchRule,
  iterateSipDispatchRule,
  deleteSipDispatchRule,
  createSipParticipant,
  transferSipParticipant,
} as const;
