/**
 * The permissions one RPC needs, flattened so a cache key is cheap to build. Service modules pick exactly
 * these per RPC (the server's checks: https://github.com/livekit/livekit/tree/v1.13.5/pkg/service; for the
 * Cloud services, the LiveKit clients each module cites); the token signer maps them onto JWT claims.
 */
export interface RpcGrants {
  /** `video.roomCreate`: CreateRoom, DeleteRoom. */
  readonly roomCreate?: boolean;
  /** `video.roomList`: ListRooms. */
  readonly roomList?: boolean;
  /** `video.roomRecord`: egress. */
  readonly roomRecord?: boolean;
  /** `video.roomAdmin`: participant, data and metadata calls (with `room`). */
  readonly roomAdmin?: boolean;
  /** `video.ingressAdmin`: ingress. */
  readonly ingressAdmin?: boolean;
  /** `video.room`: the room the admin grant applies to. */
  readonly room?: string;
  /** `video.destinationRoom`: Forward/MoveParticipant. */
  readonly destinationRoom?: string;
  /** `sip.admin`: trunks and dispatch rules. */
  readonly sipAdmin?: boolean;
  /** `sip.call`: outbound calls and transfers. */
  readonly sipCall?: boolean;
  /** `agent.admin`: LiveKit Cloud's CloudAgent service. */
  readonly agentAdmin?: boolean;
  /** `agent.simulationAdmin`: LiveKit Cloud's AgentSimulation service. */
  readonly agentSimulationAdmin?: boolean;
}

/** A stable string for a grant set; the token cache key. */
export function grantKey(g: RpcGrants): string {
  const flags =
    (g.roomCreate ? 1 : 0) |
    (g.roomList ? 2 : 0) |
    (g.roomRecord ? 4 : 0) |
    (g.roomAdmin ? 8 : 0) |
    (g.ingressAdmin ? 16 : 0) |
    (g.sipAdmin ? 32 : 0) |
    (g.sipCall ? 64 : 0) |
    (g.agentAdmin ? 128 : 0) |
    (g.agentSimulationAdmin ? 256 : 0);
  if (g.room === undefined && g.destinationRoom === undefined) return String(flags);
  // Room names cannot contain NUL in practice; it keeps "a"+"b\0c" apart from "a\0b"+"c".
  return `${flags}\0${g.room ?? ""}\0${g.destinationRoom ?? ""}`;
}
