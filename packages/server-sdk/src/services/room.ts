import type { MessageInitShape } from "@bufbuild/protobuf";
import type {
  DataPacket_Kind,
  ParticipantInfo,
  ParticipantPermissionSchema,
  ParticipantTracksSchema,
  Room,
  TrackInfo,
} from "@exlivekit/protocol/models";
import type { CreateRoomRequestSchema } from "@exlivekit/protocol/room";
import { RoomServiceWire } from "@exlivekit/protocol/wire/room";
import type { Client } from "../client.ts";
import { InvalidArgumentError } from "../errors.ts";
import { ROOM_SERVICE } from "../retry-classes.ts";
import type { CallOptions } from "../twirp-caller.ts";
import { callRpc, serviceRpc } from "../twirp-caller.ts";
import { requireName, requireNames, requireOptions, requireString } from "../validate.ts";

// The response timeout LiveKit applies to PerformRpc when the request gives none.
const SERVER_RPC_RESPONSE_TIMEOUT_MS = 10_000;

const rpc = {
  createRoom: /* @__PURE__ */ serviceRpc(RoomServiceWire, "createRoom", ROOM_SERVICE),
  listRooms: /* @__PURE__ */ serviceRpc(RoomServiceWire, "listRooms", ROOM_SERVICE),
  deleteRoom: /* @__PURE__ */ serviceRpc(RoomServiceWire, "deleteRoom", ROOM_SERVICE),
  listParticipants: /* @__PURE__ */ serviceRpc(RoomServiceWire, "listParticipants", ROOM_SERVICE),
  getParticipant: /* @__PURE__ */ serviceRpc(RoomServiceWire, "getParticipant", ROOM_SERVICE),
  removeParticipant: /* @__PURE__ */ serviceRpc(RoomServiceWire, "removeParticipant", ROOM_SERVICE),
  mutePublishedTrack: /* @__PURE__ */ serviceRpc(RoomServiceWire, "mutePublishedTrack", ROOM_SERVICE),
  updateParticipant: /* @__PURE__ */ serviceRpc(RoomServiceWire, "updateParticipant", ROOM_SERVICE),
  updateSubscriptions: /* @__PURE__ */ serviceRpc(RoomServiceWire, "updateSubscriptions", ROOM_SERVICE),
  sendData: /* @__PURE__ */ serviceRpc(RoomServiceWire, "sendData", ROOM_SERVICE),
  updateRoomMetadata: /* @__PURE__ */ serviceRpc(RoomServiceWire, "updateRoomMetadata", ROOM_SERVICE),
  forwardParticipant: /* @__PURE__ */ serviceRpc(RoomServiceWire, "forwardParticipant", ROOM_SERVICE),
  moveParticipant: /* @__PURE__ */ serviceRpc(RoomServiceWire, "moveParticipant", ROOM_SERVICE),
  // The server holds the request until the participant answers or its response timeout passes.
  performRpc: /* @__PURE__ */ serviceRpc(RoomServiceWire, "performRpc", ROOM_SERVICE, {
    serverWaitMs: (r) => r.responseTimeoutMs || SERVER_RPC_RESPONSE_TIMEOUT_MS,
  }),
};

// Grant sets that do not depend on arguments are built once so the token cache key is cheap.
const ROOM_CREATE = { roomCreate: true } as const;
const ROOM_LIST = { roomList: true } as const;
const admin = (room: string) => ({ roomAdmin: true, room });

/**
 * Every `CreateRoomRequest` field except `name`: `emptyTimeout`, `departureTimeout`, `maxParticipants`,
 * `metadata`, `nodeId`, `roomPreset`, `egress`, `agents`, `minPlayoutDelay`, `maxPlayoutDelay`,
 * `syncStreams`, `replayEnabled`, `tags`.
 */
export type CreateRoomOptions = Omit<MessageInitShape<typeof CreateRoomRequestSchema>, "name" | "$typeName">;

/** Fields `updateParticipant` can change; omitted ones stay as they are. */
export interface UpdateParticipantOptions {
  /** New metadata. */
  readonly metadata?: string;
  /** New display name. */
  readonly name?: string;
  /** Attributes to set; a key with an empty value deletes that attribute. */
  readonly attributes?: Readonly<Record<string, string>>;
  /** New permissions (replaces the current ones). */
  readonly permission?: MessageInitShape<typeof ParticipantPermissionSchema>;
}

/** Options of `sendData`. */
export interface SendDataOptions {
  /** `"reliable"` (default) or `"lossy"`, or the protocol enum value. */
  readonly kind?: "reliable" | "lossy" | DataPacket_Kind;
  /** Topic the receivers can filter on. */
  readonly topic?: string;
  /** Deliver only to these participants; default everyone. */
  readonly destinationIdentities?: readonly string[];
  /** Deliver only to these participant sids (deprecated by LiveKit in favour of identities; still honoured). */
  readonly destinationSids?: readonly string[];
}

/** Options of `performRpc`. */
export interface PerformRpcOptions {
  /**
   * How long the destination may take to answer, in ms (server default 10 s when omitted). Unless the
   * call gives `timeoutMs`, the call's deadline is raised to outlive it.
   */
  readonly responseTimeoutMs?: number;
}

/** Creates a room (or returns the existing room of that name). Needs `roomCreate`. */
async function createRoom(
  client: Client,
  name: string,
  options?: CreateRoomOptions,
  call?: CallOptions,
): Promise<Room> {
  requireName("name", name);
  const opts = requireOptions("options", options);
  return callRpc(client, rpc.createRoom, { ...opts, name }, ROOM_CREATE, call);
}

/** Lists active rooms, optionally only those named. Needs `roomList`. */
async function listRooms(
  client: Client,
  options?: { readonly names?: readonly string[] },
  call?: CallOptions,
): Promise<Room[]> {
  const opts = requireOptions("options", options);
  const names = opts.names === undefined ? [] : requireNames("names", opts.names);
  const res = await callRpc(client, rpc.listRooms, { names }, ROOM_LIST, call);
  return res.rooms;
}

/** Deletes a room, disconnecting everyone in it. Needs `roomCreate`. */
async function deleteRoom(client: Client, room: string, call?: CallOptions): Promise<void> {
  requireName("room", room);
  await callRpc(client, rpc.deleteRoom, { room }, ROOM_CREATE, call);
}

/** Replaces a room's metadata. Needs `roomAdmin` on the room. */
async function updateRoomMetadata(
  client: Client,
  room: string,
  metadata: string,
  call?: CallOptions,
): Promise<Room> {
  requireName("room", room);
  requireString("metadata", metadata);
  return callRpc(client, rpc.updateRoomMetadata, { room, metadata }, admin(room), call);
}

/** Lists the participants of a room (empty for an unknown room). Needs `roomAdmin` on the room. */
async function listParticipants(
  client: Client,
  room: string,
  call?: CallOptions,
): Promise<ParticipantInfo[]> {
  requireName("room", room);
  const res = await callRpc(client, rpc.listParticipants, { room }, admin(room), call);
  return res.participants;
}

/** Gets one participant; rejects with code `not_found` when absent. Needs `roomAdmin` on the room. */
async function getParticipant(
  client: Client,
  room: string,
  identity: string,
  call?: CallOptions,
): Promise<ParticipantInfo> {
  requireName("room", room);
  requireName("identity", identity);
  return callRpc(client, rpc.getParticipant, { room, identity }, admin(room), call);
}

/** Options of `removeParticipant`. */
export interface RemoveParticipantOptions {
  /**
   * Unix time in seconds: the participant's tokens with an earlier `nbf` stop working, so a removed
   * client cannot rejoin with the token it holds. Server default: now plus its one-minute leeway.
   */
  readonly revokeTokenTs?: number | bigint;
}

function unixSeconds(argument: string, value: number | bigint): bigint {
  if (typeof value === "bigint" && value >= 0n) return value;
  // Number.isSafeInteger is false for anything but a number (a bigint, a string) without coercing it.
  if (Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  throw new InvalidArgumentError(
    argument,
    `must be a non-negative integer of Unix seconds, got ${String(value)}`,
  );
}

/** Disconnects a participant from a room. Needs `roomAdmin` on the room. */
async function removeParticipant(
  client: Client,
  room: string,
  identity: string,
  options?: RemoveParticipantOptions,
  call?: CallOptions,
): Promise<void> {
  requireName("room", room);
  requireName("identity", identity);
  const opts = requireOptions("options", options);
  const revoke =
    opts.revokeTokenTs === undefined
      ? {}
      : { revokeTokenTs: unixSeconds("revokeTokenTs", opts.revokeTokenTs) };
  await callRpc(client, rpc.removeParticipant, { room, identity, ...revoke }, admin(room), call);
}

/** Changes a participant's metadata, name, attributes or permissions. Needs `roomAdmin` on the room. */
async function updateParticipant(
  client: Client,
  room: string,
  identity: string,
  options: UpdateParticipantOptions,
  call?: CallOptions,
): Promise<ParticipantInfo> {
  requireName("room", room);
  requireName("identity", identity);
  const opts = requireOptions("options", options);
  if (opts.metadata !== undefined) requireString("metadata", opts.metadata);
  if (opts.name !== undefined) requireString("name", opts.name);
  requireOptions("attributes", opts.attributes);
  return callRpc(
    client,
    rpc.updateParticipant,
    {
      room,
      identity,
      metadata: opts.metadata ?? "",
      name: opts.name ?? "",
      attributes: { ...opts.attributes },
      ...(opts.permission === undefined ? {} : { permission: opts.permission }),
    },
    admin(room),
    call,
  );
}

/** Mutes or unmutes a participant's published track; resolves with the updated track. Needs `roomAdmin`. */
async function mutePublishedTrack(
  client: Client,
  room: string,
  identity: string,
  trackSid: string,
  muted: boolean,
  call?: CallOptions,
): Promise<TrackInfo | undefined> {
  requireName("room", room);
  requireName("identity", identity);
  requireName("trackSid", trackSid);
  if (typeof muted !== "boolean")
    throw new InvalidArgumentError("muted", `must be a boolean, got ${typeof muted}`);
  const res = await callRpc(
    client,
    rpc.mutePublishedTrack,
    { room, identity, trackSid, muted },
    admin(room),
    call,
  );
  return res.track;
}

/** Subscribes or unsubscribes a participant to tracks. Needs `roomAdmin` on the room. */
async function updateSubscriptions(
  client: Client,
  room: string,
  identity: string,
  trackSids: readonly string[],
  subscribe: boolean,
  options?: { readonly participantTracks?: readonly MessageInitShape<typeof ParticipantTracksSchema>[] },
  call?: CallOptions,
): Promise<void> {
  requireName("room", room);
  requireName("identity", identity);
  requireNames("trackSids", trackSids);
  if (typeof subscribe !== "boolean")
    throw new InvalidArgumentError("subscribe", `must be a boolean, got ${typeof subscribe}`);
  const opts = requireOptions("options", options);
  await callRpc(
    client,
    rpc.updateSubscriptions,
    {
      room,
      identity,
      trackSids: [...trackSids],
      subscribe,
      participantTracks: [...(opts.participantTracks ?? [])],
    },
    admin(room),
    call,
  );
}

const encoder = new TextEncoder();

// The protocol's DataPacket_Kind numbers, typed as its enum without loading the module that defines it
// (and with it a file descriptor); enum-numbers.test.ts holds them equal to the enum.
export const RELIABLE = 0 as DataPacket_Kind.RELIABLE;
export const LOSSY = 1 as DataPacket_Kind.LOSSY;

function dataKind(kind: SendDataOptions["kind"]): DataPacket_Kind {
  if (kind === undefined || kind === "reliable") return RELIABLE;
  if (kind === "lossy") return LOSSY;
  if (kind === RELIABLE || kind === LOSSY) return kind;
  throw new InvalidArgumentError("kind", `must be "reliable" or "lossy", got ${String(kind)}`);
}

/**
 * Sends a data packet to a room's participants. Each call carries a random 16-byte nonce so the server
 * can drop duplicates of a retried call. Needs `roomAdmin` on the room.
 */
async function sendData(
  client: Client,
  room: string,
  data: Uint8Array | string,
  options?: SendDataOptions,
  call?: CallOptions,
): Promise<void> {
  requireName("room", room);
  const bytes = typeof data === "string" ? encoder.encode(data) : data;
  if (!(bytes instanceof Uint8Array))
    throw new InvalidArgumentError("data", "must be a Uint8Array or a string");
  const opts = requireOptions("options", options);
  const nonce = new Uint8Array(16);
  crypto.getRandomValues(nonce);
  await callRpc(
    client,
    rpc.sendData,
    {
      room,
      data: bytes,
      kind: dataKind(opts.kind),
      destinationIdentities:
        opts.destinationIdentities === undefined
          ? []
          : requireNames("destinationIdentities", opts.destinationIdentities),
      destinationSids:
        opts.destinationSids === undefined ? [] : requireNames("destinationSids", opts.destinationSids),
      ...(opts.topic === undefined ? {} : { topic: requireString("topic", opts.topic) }),
      nonce,
    },
    admin(room),
    call,
  );
}

/** Forwards a participant into another room while it stays in this one. Needs `roomAdmin` on both. */
async function forwardParticipant(
  client: Client,
  room: string,
  identity: string,
  destinationRoom: string,
  call?: CallOptions,
): Promise<void> {
  requireName("room", room);
  requireName("identity", identity);
  requireName("destinationRoom", destinationRoom);
  await callRpc(
    client,
    rpc.forwardParticipant,
    { room, identity, destinationRoom },
    { roomAdmin: true, room, destinationRoom },
    call,
  );
}

/** Moves a participant into another room. Needs `roomAdmin` on both rooms. */
async function moveParticipant(
  client: Client,
  room: string,
  identity: string,
  destinationRoom: string,
  call?: CallOptions,
): Promise<void> {
  requireName("room", room);
  requireName("identity", identity);
  requireName("destinationRoom", destinationRoom);
  await callRpc(
    client,
    rpc.moveParticipant,
    { room, identity, destinationRoom },
    { roomAdmin: true, room, destinationRoom },
    call,
  );
}

/** Calls an RPC method registered by a participant; resolves with its response payload. Needs `roomAdmin`. */
async function performRpc(
  client: Client,
  room: string,
  destinationIdentity: string,
  method: string,
  payload: string,
  options?: PerformRpcOptions,
  call?: CallOptions,
): Promise<string> {
  requireName("room", room);
  requireName("destinationIdentity", destinationIdentity);
  requireName("method", method);
  requireString("payload", payload);
  const opts = requireOptions("options", options);
  const res = await callRpc(
    client,
    rpc.performRpc,
    { room, destinationIdentity, method, payload, responseTimeoutMs: opts.responseTimeoutMs ?? 0 },
    admin(room),
    call,
  );
  return res.payload;
}

/**
 * LiveKit's RoomService: rooms, participants, tracks, data. Every function takes the `Client` first and
 * an optional `CallOptions` (`{ signal, timeoutMs, headers }`) last. int64 fields of the results
 * (e.g. `Room.creationTime`) are `bigint`: use `toPlainJson` before `JSON.stringify`.
 */
export const RoomService = {
  createRoom,
  listRooms,
  deleteRoom,
  updateRoomMetadata,
  listParticipants,
  getParticipant,
  removeParticipant,
  updateParticipant,
  mutePublishedTrack,
  updateSubscriptions,
  sendData,
  forwardParticipant,
  moveParticipant,
  performRpc,
} as const;
