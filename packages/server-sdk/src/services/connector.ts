import type { MessageInitShape } from "@bufbuild/protobuf";
import type {
  ConnectTwilioCallRequestSchema,
  ConnectTwilioCallResponse,
} from "@exlivekit/protocol/connector_twilio";
import type {
  AcceptWhatsAppCallRequestSchema,
  AcceptWhatsAppCallResponse,
  DialWhatsAppCallRequestSchema,
  DialWhatsAppCallResponse,
  DisconnectWhatsAppCallRequest_DisconnectReason,
} from "@exlivekit/protocol/connector_whatsapp";
import type { SessionDescriptionSchema } from "@exlivekit/protocol/rtc";
import { ConnectorWire } from "@exlivekit/protocol/wire/connector";
import type { Client } from "../client.ts";
import { InvalidArgumentError } from "../errors.ts";
import { CONNECTOR } from "../retry-classes.ts";
import type { CallOptions } from "../twirp-caller.ts";
import { callRpc, serviceRpc } from "../twirp-caller.ts";
import { requireFields, requireName, requireOptions } from "../validate.ts";
import type { DurationInput } from "./durations.ts";
import { duration, durationMs } from "./durations.ts";
import type { Fields } from "./messages.ts";

// How long the server rings when the request names no ringing timeout, as for SIP calls.
const SERVER_ANSWER_WAIT_MS = 70_000;

const rpc = {
  dialWhatsAppCall: /* @__PURE__ */ serviceRpc(ConnectorWire, "dialWhatsAppCall", CONNECTOR),
  disconnectWhatsAppCall: /* @__PURE__ */ serviceRpc(ConnectorWire, "disconnectWhatsAppCall", CONNECTOR),
  // With waitUntilAnswered the server holds the request while the call rings (this request names no
  // ringing timeout: the server's own applies).
  connectWhatsAppCall: /* @__PURE__ */ serviceRpc(ConnectorWire, "connectWhatsAppCall", CONNECTOR, {
    serverWaitMs: (r) => (r.waitUntilAnswered ? SERVER_ANSWER_WAIT_MS : 0),
  }),
  acceptWhatsAppCall: /* @__PURE__ */ serviceRpc(ConnectorWire, "acceptWhatsAppCall", CONNECTOR, {
    serverWaitMs: (r) => (r.waitUntilAnswered ? (durationMs(r.ringingTimeout) ?? SERVER_ANSWER_WAIT_MS) : 0),
  }),
  connectTwilioCall: /* @__PURE__ */ serviceRpc(ConnectorWire, "connectTwilioCall", CONNECTOR),
};

// The connector places a participant in a room it may create: LiveKit checks `roomCreate`.
const ROOM_CREATE = { roomCreate: true } as const;

/**
 * `DialWhatsAppCallRequest` fields: `whatsappPhoneNumberId`, `whatsappToPhoneNumber`, `whatsappApiKey`
 * (required), `whatsappCloudApiVersion`, `whatsappBizOpaqueCallbackData`, `roomName`, `agents`,
 * `participantIdentity`, `participantName`, `participantMetadata`, `participantAttributes`,
 * `destinationCountry`, and `ringingTimeout` (seconds or a Duration).
 */
export type DialWhatsAppCallOptions = Omit<Fields<typeof DialWhatsAppCallRequestSchema>, "ringingTimeout"> & {
  /** How long to ring before giving up. */
  readonly ringingTimeout?: DurationInput;
};

/**
 * `AcceptWhatsAppCallRequest` fields: `whatsappPhoneNumberId`, `whatsappApiKey`, `whatsappCallId`, `sdp`
 * (required), `whatsappCloudApiVersion`, `whatsappBizOpaqueCallbackData`, `roomName`, `agents`,
 * participant fields, `destinationCountry`, `waitUntilAnswered`, and `ringingTimeout`.
 */
export type AcceptWhatsAppCallOptions = Omit<
  Fields<typeof AcceptWhatsAppCallRequestSchema>,
  "ringingTimeout"
> & {
  /** How long to wait for the call to be accepted. */
  readonly ringingTimeout?: DurationInput;
};

/** `ConnectTwilioCallRequest` fields: `twilioCallDirection`, `roomName`, `agents`, participant fields, `destinationCountry`. */
export type ConnectTwilioCallOptions = Fields<typeof ConnectTwilioCallRequestSchema>;

/** An SDP offer or answer: `{ type: "offer" | "answer", sdp }`. */
export type SessionDescriptionFields = Omit<MessageInitShape<typeof SessionDescriptionSchema>, "$typeName">;

function withRingingTimeout<T extends { ringingTimeout?: DurationInput }>(opts: T) {
  const { ringingTimeout, ...rest } = opts;
  const ringing = duration("ringingTimeout", ringingTimeout);
  return { ...rest, ...(ringing === undefined ? {} : { ringingTimeout: ringing }) };
}

/** Places an outbound WhatsApp call and joins it to a room (LiveKit Cloud). Needs `roomCreate`. */
async function dialWhatsAppCall(
  client: Client,
  options: DialWhatsAppCallOptions,
  call?: CallOptions,
): Promise<DialWhatsAppCallResponse> {
  const opts = requireFields("options", options, [
    "whatsappPhoneNumberId",
    "whatsappToPhoneNumber",
    "whatsappApiKey",
  ]);
  return callRpc(client, rpc.dialWhatsAppCall, withRingingTimeout(opts), ROOM_CREATE, call);
}

/** Hangs up a WhatsApp call (LiveKit Cloud). Needs `roomCreate`. */
async function disconnectWhatsAppCall(
  client: Client,
  whatsappCallId: string,
  whatsappApiKey: string,
  options?: { readonly disconnectReason?: DisconnectWhatsAppCallRequest_DisconnectReason },
  call?: CallOptions,
): Promise<void> {
  requireName("whatsappCallId", whatsappCallId);
  requireName("whatsappApiKey", whatsappApiKey);
  const opts = requireOptions("options", options);
  await callRpc(
    client,
    rpc.disconnectWhatsAppCall,
    {
      whatsappCallId,
      whatsappApiKey,
      ...(opts.disconnectReason === undefined ? {} : { disconnectReason: opts.disconnectReason }),
    },
    ROOM_CREATE,
    call,
  );
}

/** Hands WhatsApp's SDP for a business-initiated call to LiveKit (LiveKit Cloud). Needs `roomCreate`. */
async function connectWhatsAppCall(
  client: Client,
  whatsappCallId: string,
  sdp: SessionDescriptionFields,
  options?: { readonly waitUntilAnswered?: boolean },
  call?: CallOptions,
): Promise<void> {
  requireName("whatsappCallId", whatsappCallId);
  requireOptions("sdp", sdp);
  if (sdp === undefined) throw new InvalidArgumentError("sdp", "is required");
  const opts = requireOptions("options", options);
  await callRpc(
    client,
    rpc.connectWhatsAppCall,
    { whatsappCallId, sdp, waitUntilAnswered: opts.waitUntilAnswered ?? false },
    ROOM_CREATE,
    call,
  );
}

/** Accepts an inbound WhatsApp call into a room (LiveKit Cloud); resolves with the room name. Needs `roomCreate`. */
async function acceptWhatsAppCall(
  client: Client,
  options: AcceptWhatsAppCallOptions,
  call?: CallOptions,
): Promise<AcceptWhatsAppCallResponse> {
  const opts = requireFields("options", options, [
    "whatsappPhoneNumberId",
    "whatsappApiKey",
    "whatsappCallId",
  ]);
  if (opts.sdp === undefined) throw new InvalidArgumentError("sdp", "is required");
  return callRpc(client, rpc.acceptWhatsAppCall, withRingingTimeout(opts), ROOM_CREATE, call);
}

/**
 * Connects a Twilio call to a room (LiveKit Cloud); resolves with the `connectUrl` to hand to Twilio's
 * media stream. Needs `roomCreate`.
 */
async function connectTwilioCall(
  client: Client,
  options?: ConnectTwilioCallOptions,
  call?: CallOptions,
): Promise<ConnectTwilioCallResponse> {
  const opts = requireOptions("options", options);
  return callRpc(client, rpc.connectTwilioCall, opts, ROOM_CREATE, call);
}

/**
 * LiveKit Cloud's Connector service: WhatsApp and Twilio calls. Every function takes the `Client` first
 * and an optional `CallOptions` last and needs `roomCreate` (added by the client). The open-source
 * livekit-server does not serve it (404 `bad_route`).
 */
export const ConnectorService = {
  dialWhatsAppCall,
  disconnectWhatsAppCall,
  connectWhatsAppCall,
  acceptWhatsAppCall,
  connectTwilioCall,
} as const;
