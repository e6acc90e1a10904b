import type { AgentDispatch, JobRestartPolicy } from "@exlivekit/protocol/agent_dispatch";
import { AgentDispatchServiceWire } from "@exlivekit/protocol/wire/agent_dispatch";
import type { Client } from "../client.ts";
import { TwirpError } from "../errors.ts";
import { AGENT_DISPATCH_SERVICE } from "../retry-classes.ts";
import type { CallOptions } from "../twirp-caller.ts";
import { callRpc, serviceRpc } from "../twirp-caller.ts";
import { optionalString, requireName, requireOptions } from "../validate.ts";

const rpc = {
  createDispatch: /* @__PURE__ */ serviceRpc(
    AgentDispatchServiceWire,
    "createDispatch",
    AGENT_DISPATCH_SERVICE,
  ),
  deleteDispatch: /* @__PURE__ */ serviceRpc(
    AgentDispatchServiceWire,
    "deleteDispatch",
    AGENT_DISPATCH_SERVICE,
  ),
  listDispatch: /* @__PURE__ */ serviceRpc(AgentDispatchServiceWire, "listDispatch", AGENT_DISPATCH_SERVICE),
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
      metadata: optionalString("metadata", opts.metadata),
      attributes: { ...requireOptions("attributes", opts.attributes) },
      ...(opts.restartPolicy === undefined ? {} : { restartPolicy: opts.restartPolicy }),
      deployment: optionalString("deployment", opts.deployment),
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
 * Gets one dispatch of a room; rejects with a `TwirpError` coded `not_found` (status 404) when the room has
 * none with that id, like every get of this SDK. There is no GetDispatch RPC: this is ListDispatch filtered
 * by id, so that error is raised here, not by the server. Needs `roomAdmin`.
 */
async function getDispatch(
  client: Client,
  dispatchId: string,
  roomName: string,
  call?: CallOptions,
): Promise<AgentDispatch> {
  requireName("dispatchId", dispatchId);
  requireName("roomName", roomName);
  const res = await callRpc(client, rpc.listDispatch, { dispatchId, room: roomName }, admin(roomName), call);
  const found = res.agentDispatches.find((dispatch) => dispatch.id === dispatchId);
  if (found === undefined) {
    throw new TwirpError("not_found", `no dispatch ${dispatchId} in room ${roomName}`, {
      status: 404,
      rpc: rpc.listDispatch.label,
    });
  }
  return found;
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
