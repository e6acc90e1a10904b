import type { AgentDispatch, JobRestartPolicy } from "@exlivekit/protocol/agent_dispatch";
import { AgentDispatchServiceWire } from "@exlivekit/protocol/wire/agent_dispatch";
import type { Client } from "../client.ts";
import type { CallOptions } from "../twirp-caller.ts";
import { callRpc, wireRpc } from "../twirp-caller.ts";
import { requireName, requireOptions, requireString } from "../validate.ts";

const rpc = {
  createDispatch: /* @__PURE__ */ wireRpc(AgentDispatchServiceWire, "createDispatch"),
  deleteDispatch: /* @__PURE__ */ wireRpc(AgentDispatchServiceWire, "deleteDispatch"),
  listDispatch: /* @__PURE__ */ wireRpc(AgentDispatchServiceWire, "listDispatch"),
};

const admin = (room: string) => ({ roomAdmin: true, room });

/** Options of `createDispatch`. */
export interface CreateDispatchOptions {
  /** Metadata handed to the agent's job. */
  readonly metadata?: string;
  /** Attributes handed to the agent's job. */
  readonly attributes?: Readonly<Record<string, string>>;
  /** Whether a failed job is restarted (LiveKit Cloud only). */
  readonly restartPolicy?: JobRestartPolicy;
  /** Deployment of the agent to use (LiveKit Cloud only). */
  readonly deployment?: string;
}

/** Dispatches the named agent to a room. Needs `roomAdmin` on the room. */
async function createDispatch(
  client: Client,
  roomName: string,
  agentName: string,
  options?: CreateDispatchOptions,
  call?: CallOptions,
): Promise<AgentDispatch> {
  requireName("roomName", roomName);
  requireName("agentName", agentName);
  const opts = requireOptions("options", options);
  return callRpc(
    client,
    rpc.createDispatch,
    {
      room: roomName,
      agentName,
      metadata: opts.metadata === undefined ? "" : requireString("metadata", opts.metadata),
      attributes: { ...requireOptions("attributes", opts.attributes) },
      ...(opts.restartPolicy === undefined ? {} : { restartPolicy: opts.restartPolicy }),
      deployment: opts.deployment === undefined ? "" : requireString("deployment", opts.deployment),
    },
    admin(roomName),
    call,
  );
}

/** Cancels a dispatch; resolves with it. Needs `roomAdmin` on the room. */
async function deleteDispatch(
  client: Client,
  dispatchId: string,
  roomName: string,
  call?: CallOptions,
): Promise<AgentDispatch> {
  requireName("dispatchId", dispatchId);
  requireName("roomName", roomName);
  return callRpc(client, rpc.deleteDispatch, { dispatchId, room: roomName }, admin(roomName), call);
}

/** Lists the agent dispatches of a room. Needs `roomAdmin` on the room. */
async function listDispatch(client: Client, roomName: string, call?: CallOptions): Promise<AgentDispatch[]> {
  requireName("roomName", roomName);
  const res = await callRpc(client, rpc.listDispatch, { room: roomName }, admin(roomName), call);
  return res.agentDispatches;
}

/**
 * Gets one dispatch of a room, or `undefined` when the room has none with that id (there is no
 * GetDispatch RPC: this is ListDispatch filtered by id, so absence is not an error). Needs `roomAdmin`.
 */
async function getDispatch(
  client: Client,
  dispatchId: string,
  roomName: string,
  call?: CallOptions,
): Promise<AgentDispatch | undefined> {
  requireName("dispatchId", dispatchId);
  requireName("roomName", roomName);
  const res = await callRpc(client, rpc.listDispatch, { dispatchId, room: roomName }, admin(roomName), call);
  return res.agentDispatches.find((dispatch) => dispatch.id === dispatchId);
}

/**
 * LiveKit's AgentDispatchService: send agents to rooms explicitly. Every function takes the `Client`
 * first and an optional `CallOptions` last, and needs `roomAdmin` on the room (added by the client).
 */
export const AgentDispatchService = {
  createDispatch,
  deleteDispatch,
  getDispatch,
  listDispatch,
} as const;
