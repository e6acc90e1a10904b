import type { MessageInitShape } from "@bufbuild/protobuf";
import type {
  CreateSIPParticipantRequestSchema,
  SIPParticipantInfo,
  TransferSIPParticipantResponse,
} from "@exlivekit/protocol/sip";
import { SIPWire } from "@exlivekit/protocol/wire/sip";
import type { Client } from "../client.ts";
import { CLIENT_STATE } from "../client.ts";
import type { LiveKitError } from "../errors.ts";
import { InvalidArgumentError } from "../errors.ts";
import type { RetryContext } from "../retry.ts";
import { SIP } from "../retry-classes.ts";
import type { CallOptions } from "../twirp-caller.ts";
import { callRpc, serviceRpc } from "../twirp-caller.ts";
import { requireName, requireOptions, requireString } from "../validate.ts";
import type { DurationInput } from "./durations.ts";
import { duration, durationMs } from "./durations.ts";
import { sipErrorDetails } from "./sip-errors.ts";

// How long the server itself waits when the request names no ringing timeout (livekit-server 1.13).
const SERVER_ANSWER_WAIT_MS = 70_000;
const SERVER_TRANSFER_WAIT_MS = 30_000;

const rpc = {
  // Only a call told to wait until answered keeps the HTTP request open while the phone rings.
  createSipParticipant: /* @__PURE__ */ serviceRpc(SIPWire, "createSIPParticipant", SIP, {
    serverWaitMs: (r) => (r.waitUntilAnswered ? (durationMs(r.ringingTimeout) ?? SERVER_ANSWER_WAIT_MS) : 0),
  }),
  transferSipParticipant: /* @__PURE__ */ serviceRpc(SIPWire, "transferSIPParticipant", SIP, {
    serverWaitMs: (r) => durationMs(r.ringingTimeout) ?? SERVER_TRANSFER_WAIT_MS,
  }),
};

const SIP_CALL = { sipCall: true } as const;

/**
 * Options of `createSipParticipant`: every `CreateSIPParticipantRequest` field besides the trunk,
 * number and room (`participantIdentity`, `participantName`, `participantMetadata`,
 * `participantAttributes`, `dtmf`, `playDialtone`, `hidePhoneNumber`, `headers`, `includeHeaders`,
 * `krispEnabled`, `media`, `waitUntilAnswered`, `displayName`, `destination`, `trunk` (an inline
 * outbound config instead of a trunk id), `sipRequestUri`, `sipToHeader`, `sipFromHeader`, `playRingtone`,
 * `dialtone`, ...), with the two durations also accepted as seconds. `participantIdentity` defaults to
 * `"sip-participant"`, as in the official SDK.
 */
export type CreateSipParticipantOptions = Omit<
  MessageInitShape<typeof CreateSIPParticipantRequestSchema>,
  "$typeName" | "sipTrunkId" | "sipCallTo" | "roomName" | "ringingTimeout" | "maxCallDuration"
> & {
  /** How long to let it ring before giving up. */
  readonly ringingTimeout?: DurationInput;
  /** Hang up after this long. */
  readonly maxCallDuration?: DurationInput;
};

/** Options of `transferSipParticipant`. */
export interface TransferSipParticipantOptions {
  /** Play a dial tone to the participant while transferring. */
  readonly playDialtone?: boolean;
  /** SIP headers added to the REFER. */
  readonly headers?: Readonly<Record<string, string>>;
  /** How long the transfer target may ring (server default 30 s). */
  readonly ringingTimeout?: DurationInput;
}

// The identity the official SDK gives a dialled participant when the caller names none.
const DEFAULT_SIP_IDENTITY = "sip-participant";

/**
 * The call options with a retry policy that never repeats a dial the far end already answered: an error
 * carrying a SIP status (486 Busy is a 429, a carrier's 503 a 503) means the phone rang, and a retry
 * would ring it again. Everything else follows the call's or the client's policy.
 */
function withoutRedial(client: Client, call: CallOptions | undefined): CallOptions {
  if (call?.retry === false) return call;
  const shouldRetry = call?.retry?.shouldRetry ?? client[CLIENT_STATE].retry.shouldRetry;
  return {
    ...call,
    retry: {
      ...call?.retry,
      shouldRetry: (error: LiveKitError, context: RetryContext) =>
        sipErrorDetails(error) === undefined && shouldRetry(error, context),
    },
  };
}

/**
 * Dials `number` through an outbound trunk and brings the callee into `roomName` as a participant.
 * With `waitUntilAnswered: true` it resolves only once the callee picks up (or rejects with the SIP
 * outcome, see `sipErrorDetails`), so unless `call.timeoutMs` is given the deadline is raised past the
 * ringing timeout. A failure carrying a SIP status is never retried (the phone rang). Needs `sipCall`.
 */
export async function createSipParticipant(
  client: Client,
  sipTrunkId: string,
  number: string,
  roomName: string,
  options?: CreateSipParticipantOptions,
  call?: CallOptions,
): Promise<SIPParticipantInfo> {
  requireString("sipTrunkId", sipTrunkId);
  requireName("number", number);
  requireName("roomName", roomName);
  const { ringingTimeout, maxCallDuration, ...opts } = requireOptions("options", options);
  if (sipTrunkId === "" && opts.trunk === undefined) {
    throw new InvalidArgumentError("sipTrunkId", "must not be empty (or give options.trunk)");
  }
  const ringing = duration("ringingTimeout", ringingTimeout);
  const maxDuration = duration("maxCallDuration", maxCallDuration);
  return callRpc(
    client,
    rpc.createSipParticipant,
    {
      ...opts,
      participantIdentity:
        opts.participantIdentity === undefined || opts.participantIdentity === ""
          ? DEFAULT_SIP_IDENTITY
          : requireString("participantIdentity", opts.participantIdentity),
      sipTrunkId,
      sipCallTo: number,
      roomName,
      ...(ringing === undefined ? {} : { ringingTimeout: ringing }),
      ...(maxDuration === undefined ? {} : { maxCallDuration: maxDuration }),
    },
    SIP_CALL,
    withoutRedial(client, call),
  );
}

/**
 * Transfers a SIP participant's call to `transferTo` (`tel:+15550100` or `sip:user@host`); resolves once
 * the transfer target answers, with the transfer's id and outcome (servers older than protocol 1.51 answer
 * an empty message, which reads as the default response). Unless `call.timeoutMs` is given, the deadline is raised past the
 * ringing timeout. Needs `sipCall` and `roomAdmin` on the room.
 */
export async function transferSipParticipant(
  client: Client,
  roomName: string,
  participantIdentity: string,
  transferTo: string,
  options?: TransferSipParticipantOptions,
  call?: CallOptions,
): Promise<TransferSIPParticipantResponse> {
  requireName("roomName", roomName);
  requireName("participantIdentity", participantIdentity);
  requireName("transferTo", transferTo);
  const opts = requireOptions("options", options);
  if (opts.playDialtone !== undefined && typeof opts.playDialtone !== "boolean") {
    throw new InvalidArgumentError("playDialtone", `must be a boolean, got ${typeof opts.playDialtone}`);
  }
  const ringing = duration("ringingTimeout", opts.ringingTimeout);
  return callRpc(
    client,
    rpc.transferSipParticipant,
    {
      roomName,
      participantIdentity,
      transferTo,
      playDialtone: opts.playDialtone ?? false,
      headers: { ...requireOptions("headers", opts.headers) },
      ...(ringing === undefined ? {} : { ringingTimeout: ringing }),
    },
    { sipCall: true, roomAdmin: true, room: roomName },
    withoutRedial(client, call),
  );
}
