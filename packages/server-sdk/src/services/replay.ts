import type { ReplayInfo } from "@exlivekit/protocol/cloud_replay";
import type { EgressInfo, ExportReplayRequestSchema } from "@exlivekit/protocol/egress";
import { ReplayWire } from "@exlivekit/protocol/wire/cloud_replay";
import type { Client } from "../client.ts";
import { InvalidArgumentError } from "../errors.ts";
import { REPLAY } from "../retry-classes.ts";
import type { CallOptions } from "../twirp-caller.ts";
import { callRpc, serviceRpc } from "../twirp-caller.ts";
import { optionalString, requireName, requireOptions } from "../validate.ts";
import type { Fields } from "./messages.ts";
import { rpcPages } from "./pagination.ts";

const rpc = {
  listReplays: /* @__PURE__ */ serviceRpc(ReplayWire, "listReplays", REPLAY),
  playback: /* @__PURE__ */ serviceRpc(ReplayWire, "playback", REPLAY),
  seek: /* @__PURE__ */ serviceRpc(ReplayWire, "seek", REPLAY),
  close: /* @__PURE__ */ serviceRpc(ReplayWire, "close", REPLAY),
  export: /* @__PURE__ */ serviceRpc(ReplayWire, "export", REPLAY),
  deleteReplay: /* @__PURE__ */ serviceRpc(ReplayWire, "deleteReplay", REPLAY),
};

// LiveKit's own Replay client (https://github.com/livekit/livekit-cli/blob/11a708c30107e6a94e5db350719a893c3ec529ec/cmd/lk/replay.go) signs a token with the API key and no grant.
const NO_GRANTS = {} as const;

/** `ExportReplayRequest` fields besides the replay: `startOffsetMs`, `endOffsetMs`, `source`, `encoding`, outputs, ... */
export type ExportReplayOptions = Omit<Fields<typeof ExportReplayRequestSchema>, "replayId">;

/** Milliseconds as the int64 the Replay messages carry. */
function offsetMs(argument: string, value: number | bigint | undefined): bigint {
  if (value === undefined) return 0n;
  if (typeof value === "bigint" && value >= 0n) return value;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  throw new InvalidArgumentError(
    argument,
    `must be a non-negative integer of milliseconds, got ${String(value)}`,
  );
}

/** Lists recorded replays, optionally of one room, first page (`iterateReplays` follows every page). */
async function listReplays(
  client: Client,
  options?: { readonly roomName?: string },
  call?: CallOptions,
): Promise<ReplayInfo[]> {
  const opts = requireOptions("options", options);
  const roomName = optionalString("roomName", opts.roomName);
  const res = await callRpc(client, rpc.listReplays, { roomName }, NO_GRANTS, call);
  return res.replays;
}

/** Yields every replay, optionally of one room, following the page tokens. */
function iterateReplays(
  client: Client,
  options?: { readonly roomName?: string },
  call?: CallOptions,
): AsyncGenerator<ReplayInfo, void, undefined> {
  const opts = requireOptions("options", options);
  const roomName = optionalString("roomName", opts.roomName);
  return rpcPages(client, rpc.listReplays, { roomName }, NO_GRANTS, call, (res) => res.replays);
}

/** Plays a replay into a room, from `seekOffsetMs` (default 0); resolves with the playback id. */
async function playback(
  client: Client,
  replayId: string,
  playbackRoom: string,
  options?: { readonly seekOffsetMs?: number | bigint },
  call?: CallOptions,
): Promise<string> {
  requireName("replayId", replayId);
  requireName("playbackRoom", playbackRoom);
  const opts = requireOptions("options", options);
  const seekOffsetMs = offsetMs("seekOffsetMs", opts.seekOffsetMs);
  const res = await callRpc(client, rpc.playback, { replayId, playbackRoom, seekOffsetMs }, NO_GRANTS, call);
  return res.playbackId;
}

/** Moves a running playback to `seekOffsetMs` into the replay. */
async function seek(
  client: Client,
  playbackId: string,
  seekOffsetMs: number | bigint,
  call?: CallOptions,
): Promise<void> {
  requireName("playbackId", playbackId);
  const offset = offsetMs("seekOffsetMs", seekOffsetMs);
  await callRpc(client, rpc.seek, { playbackId, seekOffsetMs: offset }, NO_GRANTS, call);
}

/** Stops a playback (the RPC is `Close`). */
async function closePlayback(client: Client, playbackId: string, call?: CallOptions): Promise<void> {
  requireName("playbackId", playbackId);
  await callRpc(client, rpc.close, { playbackId }, NO_GRANTS, call);
}

/** Renders a replay (or a slice of it) through egress; resolves with the egress it started. */
async function exportReplay(
  client: Client,
  replayId: string,
  options?: ExportReplayOptions,
  call?: CallOptions,
): Promise<EgressInfo> {
  requireName("replayId", replayId);
  const opts = requireOptions("options", options);
  return callRpc(client, rpc.export, { ...opts, replayId }, NO_GRANTS, call);
}

/** Deletes a replay. */
async function deleteReplay(client: Client, replayId: string, call?: CallOptions): Promise<void> {
  requireName("replayId", replayId);
  await callRpc(client, rpc.deleteReplay, { replayId }, NO_GRANTS, call);
}

/**
 * LiveKit Cloud's Replay service: list, play back, export and delete recorded sessions. Every function
 * takes the `Client` first and an optional `CallOptions` last; the calls carry a token signed with the
 * API key and no grant, as LiveKit's own CLI does. The open-source livekit-server does not serve it.
 */
export const ReplayService = {
  listReplays,
  iterateReplays,
  playback,
  seek,
  closePlayback,
  exportReplay,
  deleteReplay,
} as const;
