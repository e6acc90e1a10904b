import { sipCallFunctions } from "./sip-calls.ts";
import { sipDispatchRuleFunctions } from "./sip-dispatch-rules.ts";
import { sipTrunkFunctions } from "./sip-trunks.ts";

/**
 * LiveKit's SIP service: inbound and outbound trunks, dispatch rules, outbound calls and transfers.
 * Every function takes the `Client` first and an optional `CallOptions` last. Trunks and rules need
 * `sipAdmin`; `createSipParticipant` needs `sipCall`; `transferSipParticipant` needs `sipCall` plus
 * `roomAdmin` on the room (the client adds them). Trunks and rules are stored in Redis: without Redis
 * the server answers an error. `list*` send one request; `iterate*` yield every item page by page.
 * A failed call's SIP status is read with `sipErrorDetails(error)`.
 */
export const SipService = {
  ...sipTrunkFunctions,
  ...sipDispatchRuleFunctions,
  ...sipCallFunctions,
} as const;
