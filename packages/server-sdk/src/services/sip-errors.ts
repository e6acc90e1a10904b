import { TwirpError } from "../errors.ts";

/** The SIP outcome a failed call carried: the SIP status code and its reason phrase. */
export interface SipErrorDetails {
  /** SIP status code, e.g. 486 (Busy Here), 603 (Decline), 408 (Request Timeout). */
  readonly code: number;
  /** Reason phrase sent by the far end, or the status name when it sent none (`"Busy Here"`). */
  readonly status: string;
}

/**
 * Reads the SIP status of a failed `createSipParticipant` or `transferSipParticipant` call from the
 * Twirp error metadata (`sip_status_code`, `sip_status`). Returns `undefined` for any other error.
 *
 * ```ts
 * try { await SipService.createSipParticipant(client, trunkId, "+15550100", "room", { waitUntilAnswered: true }); }
 * catch (err) { if (sipErrorDetails(err)?.code === 486) console.log("busy"); }
 * ```
 */
export function sipErrorDetails(error: unknown): SipErrorDetails | undefined {
  if (!(error instanceof TwirpError)) return undefined;
  const raw = error.meta.sip_status_code;
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  return { code: Number(raw), status: error.meta.sip_status ?? "" };
}
