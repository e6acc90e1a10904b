import type {
  AgentInfo,
  AgentSecret,
  AgentVersion,
  ClientSettingsResponse,
  CreateAgentRequestSchema,
  CreateAgentResponse,
  CreateAgentV2RequestSchema,
  CreateAgentV2Response,
  CreatePrivateLinkRequestSchema,
  DeleteAgentResponse,
  DeployAgentRequestSchema,
  DeployAgentResponse,
  DeployAgentV2RequestSchema,
  DeployAgentV2Response,
  PrivateLink,
  PrivateLinkStatus,
  PromoteAgentResponse,
  RestartAgentResponse,
  RollbackAgentResponse,
  UpdateAgentRequestSchema,
  UpdateAgentResponse,
  UpdateAgentSecretsRequestSchema,
  UpdateAgentSecretsResponse,
} from "@exlivekit/protocol/cloud_agent";
import { CloudAgentWire } from "@exlivekit/protocol/wire/cloud_agent";
import type { Client } from "../client.ts";
import { InvalidArgumentError } from "../errors.ts";
import { normalizeHost } from "../host.ts";
import { CLOUD_AGENT } from "../retry-classes.ts";
import type { CallOptions } from "../twirp-caller.ts";
import { callRpc, serviceRpc } from "../twirp-caller.ts";
import { optionalString, requireName, requireOptions } from "../validate.ts";
import type { Fields } from "./messages.ts";
import { present } from "./messages.ts";

const rpc = {
  createAgent: /* @__PURE__ */ serviceRpc(CloudAgentWire, "createAgent", CLOUD_AGENT),
  createAgentV2: /* @__PURE__ */ serviceRpc(CloudAgentWire, "createAgentV2", CLOUD_AGENT),
  promoteAgent: /* @__PURE__ */ serviceRpc(CloudAgentWire, "promoteAgent", CLOUD_AGENT),
  listAgents: /* @__PURE__ */ serviceRpc(CloudAgentWire, "listAgents", CLOUD_AGENT),
  listAgentVersions: /* @__PURE__ */ serviceRpc(CloudAgentWire, "listAgentVersions", CLOUD_AGENT),
  listAgentSecrets: /* @__PURE__ */ serviceRpc(CloudAgentWire, "listAgentSecrets", CLOUD_AGENT),
  updateAgent: /* @__PURE__ */ serviceRpc(CloudAgentWire, "updateAgent", CLOUD_AGENT),
  restartAgent: /* @__PURE__ */ serviceRpc(CloudAgentWire, "restartAgent", CLOUD_AGENT),
  deployAgent: /* @__PURE__ */ serviceRpc(CloudAgentWire, "deployAgent", CLOUD_AGENT),
  deployAgentV2: /* @__PURE__ */ serviceRpc(CloudAgentWire, "deployAgentV2", CLOUD_AGENT),
  updateAgentSecrets: /* @__PURE__ */ serviceRpc(CloudAgentWire, "updateAgentSecrets", CLOUD_AGENT),
  rollbackAgent: /* @__PURE__ */ serviceRpc(CloudAgentWire, "rollbackAgent", CLOUD_AGENT),
  deleteAgent: /* @__PURE__ */ serviceRpc(CloudAgentWire, "deleteAgent", CLOUD_AGENT),
  getClientSettings: /* @__PURE__ */ serviceRpc(CloudAgentWire, "getClientSettings", CLOUD_AGENT),
  createPrivateLink: /* @__PURE__ */ serviceRpc(CloudAgentWire, "createPrivateLink", CLOUD_AGENT),
  destroyPrivateLink: /* @__PURE__ */ serviceRpc(CloudAgentWire, "destroyPrivateLink", CLOUD_AGENT),
  listPrivateLinks: /* @__PURE__ */ serviceRpc(CloudAgentWire, "listPrivateLinks", CLOUD_AGENT),
  getPrivateLinkStatus: /* @__PURE__ */ serviceRpc(CloudAgentWire, "getPrivateLinkStatus", CLOUD_AGENT),
};

// LiveKit's Go SDK signs every CloudAgent call with `agent.admin` (https://github.com/livekit/server-sdk-go/blob/v2.20.0/agent_client.go).
const AGENT_ADMIN = { agentAdmin: true } as const;

/**
 * The host that serves CloudAgent for a LiveKit Cloud project URL: its first label becomes `agents`
 * (`wss://my-project.livekit.cloud` is `https://agents.livekit.cloud`), as LiveKit's Go SDK derives it.
 * Build a `Client` with it for `CloudAgentService`.
 */
export function cloudAgentHost(projectUrl: string): string {
  const url = new URL(normalizeHost(requireName("projectUrl", projectUrl)));
  const dot = url.hostname.indexOf(".");
  if (dot < 0) throw new InvalidArgumentError("projectUrl", "must be a LiveKit Cloud project URL");
  return `https://agents.${url.hostname.slice(dot + 1)}${url.port === "" ? "" : `:${url.port}`}`;
}

/** `CreateAgentRequest` fields: `secrets`, `regions` (the other fields are deprecated by LiveKit). */
export type CreateAgentOptions = Fields<typeof CreateAgentRequestSchema>;
/** `CreateAgentV2Request` fields: `secrets`, `regions`. */
export type CreateAgentV2Options = Fields<typeof CreateAgentV2RequestSchema>;
/** `UpdateAgentRequest` fields besides the agent: `regions`, `secrets`. */
export type UpdateAgentOptions = Omit<Fields<typeof UpdateAgentRequestSchema>, "agentId">;
/** `DeployAgentRequest` fields besides the agent: `secrets`, `deployment`, `attributes`. */
export type DeployAgentOptions = Omit<Fields<typeof DeployAgentRequestSchema>, "agentId">;
/** `DeployAgentV2Request` fields besides the agent: `secrets`, `deployment`, `attributes`. */
export type DeployAgentV2Options = Omit<Fields<typeof DeployAgentV2RequestSchema>, "agentId">;
/** `UpdateAgentSecretsRequest` fields besides the agent: `secrets`, `remove`, `overwrite`. */
export type UpdateAgentSecretsOptions = Omit<Fields<typeof UpdateAgentSecretsRequestSchema>, "agentId">;
/** `CreatePrivateLinkRequest` fields: `name`, `region`, `port`, `endpoint`, `cloudRegion`. */
export type CreatePrivateLinkOptions = Fields<typeof CreatePrivateLinkRequestSchema>;

/** Filters of `listAgents`: one agent by id or by name. */
export interface ListAgentsOptions {
  /** Only the agent with this id. */
  readonly agentId?: string;
  /** Only the agent with this name. */
  readonly agentName?: string;
}

/** Registers a new agent; resolves with its id and where to upload its code. Needs `agent.admin`. */
async function createAgent(
  client: Client,
  options?: CreateAgentOptions,
  call?: CallOptions,
): Promise<CreateAgentResponse> {
  return callRpc(client, rpc.createAgent, requireOptions("options", options), AGENT_ADMIN, call);
}

/** Registers a new agent (version 2 of the flow). Needs `agent.admin`. */
async function createAgentV2(
  client: Client,
  options?: CreateAgentV2Options,
  call?: CallOptions,
): Promise<CreateAgentV2Response> {
  return callRpc(client, rpc.createAgentV2, requireOptions("options", options), AGENT_ADMIN, call);
}

/** Promotes the version running in one deployment to another. Needs `agent.admin`. */
async function promoteAgent(
  client: Client,
  agentId: string,
  srcDeployment: string,
  dstDeployment: string,
  call?: CallOptions,
): Promise<PromoteAgentResponse> {
  requireName("agentId", agentId);
  requireName("srcDeployment", srcDeployment);
  requireName("dstDeployment", dstDeployment);
  return callRpc(client, rpc.promoteAgent, { agentId, srcDeployment, dstDeployment }, AGENT_ADMIN, call);
}

/** Lists the project's agents, or the one matching `agentId` / `agentName`. Needs `agent.admin`. */
async function listAgents(
  client: Client,
  options?: ListAgentsOptions,
  call?: CallOptions,
): Promise<AgentInfo[]> {
  const opts = requireOptions("options", options);
  const request = {
    agentId: optionalString("agentId", opts.agentId),
    agentName: optionalString("agentName", opts.agentName),
  };
  const res = await callRpc(client, rpc.listAgents, request, AGENT_ADMIN, call);
  return res.agents;
}

/** Lists the deployed versions of an agent. Needs `agent.admin`. */
async function listAgentVersions(
  client: Client,
  agentId: string,
  call?: CallOptions,
): Promise<AgentVersion[]> {
  requireName("agentId", agentId);
  const res = await callRpc(client, rpc.listAgentVersions, { agentId }, AGENT_ADMIN, call);
  return res.versions;
}

/** Lists an agent's secrets (names and metadata; LiveKit never returns the values). Needs `agent.admin`. */
async function listAgentSecrets(client: Client, agentId: string, call?: CallOptions): Promise<AgentSecret[]> {
  requireName("agentId", agentId);
  const res = await callRpc(client, rpc.listAgentSecrets, { agentId }, AGENT_ADMIN, call);
  return res.secrets;
}

/** Changes an agent's regions or secrets. Needs `agent.admin`. */
async function updateAgent(
  client: Client,
  agentId: string,
  options: UpdateAgentOptions,
  call?: CallOptions,
): Promise<UpdateAgentResponse> {
  requireName("agentId", agentId);
  const opts = requireOptions("options", options);
  return callRpc(client, rpc.updateAgent, { ...opts, agentId }, AGENT_ADMIN, call);
}

/** Restarts an agent's running instances. Needs `agent.admin`. */
async function restartAgent(
  client: Client,
  agentId: string,
  call?: CallOptions,
): Promise<RestartAgentResponse> {
  requireName("agentId", agentId);
  return callRpc(client, rpc.restartAgent, { agentId }, AGENT_ADMIN, call);
}

/** Starts a new deployment of an agent; resolves with where to upload its code. Needs `agent.admin`. */
async function deployAgent(
  client: Client,
  agentId: string,
  options?: DeployAgentOptions,
  call?: CallOptions,
): Promise<DeployAgentResponse> {
  requireName("agentId", agentId);
  const opts = requireOptions("options", options);
  return callRpc(client, rpc.deployAgent, { ...opts, agentId }, AGENT_ADMIN, call);
}

/** Starts a new deployment of an agent (version 2 of the flow). Needs `agent.admin`. */
async function deployAgentV2(
  client: Client,
  agentId: string,
  options?: DeployAgentV2Options,
  call?: CallOptions,
): Promise<DeployAgentV2Response> {
  requireName("agentId", agentId);
  const opts = requireOptions("options", options);
  return callRpc(client, rpc.deployAgentV2, { ...opts, agentId }, AGENT_ADMIN, call);
}

/** Adds, replaces (`overwrite`) or removes (`remove`) an agent's secrets. Needs `agent.admin`. */
async function updateAgentSecrets(
  client: Client,
  agentId: string,
  options: UpdateAgentSecretsOptions,
  call?: CallOptions,
): Promise<UpdateAgentSecretsResponse> {
  requireName("agentId", agentId);
  const opts = requireOptions("options", options);
  return callRpc(client, rpc.updateAgentSecrets, { ...opts, agentId }, AGENT_ADMIN, call);
}

/** Rolls an agent back to an earlier version. Needs `agent.admin`. */
async function rollbackAgent(
  client: Client,
  agentId: string,
  version: string,
  call?: CallOptions,
): Promise<RollbackAgentResponse> {
  requireName("agentId", agentId);
  requireName("version", version);
  return callRpc(client, rpc.rollbackAgent, { agentId, version }, AGENT_ADMIN, call);
}

/** Deletes an agent, or only one of its deployments. Needs `agent.admin`. */
async function deleteAgent(
  client: Client,
  agentId: string,
  options?: { readonly deployment?: string },
  call?: CallOptions,
): Promise<DeleteAgentResponse> {
  requireName("agentId", agentId);
  const opts = requireOptions("options", options);
  const deployment = optionalString("deployment", opts.deployment);
  return callRpc(client, rpc.deleteAgent, { agentId, deployment }, AGENT_ADMIN, call);
}

/** The settings LiveKit Cloud hands to agent tooling (`lk agent`). Needs `agent.admin`. */
async function getClientSettings(client: Client, call?: CallOptions): Promise<ClientSettingsResponse> {
  return callRpc(client, rpc.getClientSettings, {}, AGENT_ADMIN, call);
}

/** Creates a private link from agents to a private endpoint; resolves with it. Needs `agent.admin`. */
async function createPrivateLink(
  client: Client,
  options: CreatePrivateLinkOptions,
  call?: CallOptions,
): Promise<PrivateLink> {
  const opts = requireOptions("options", options);
  requireName("name", opts.name);
  const res = await callRpc(client, rpc.createPrivateLink, opts, AGENT_ADMIN, call);
  return present(res.privateLink, rpc.createPrivateLink.label, "a private link");
}

/** Removes a private link. Needs `agent.admin`. */
async function destroyPrivateLink(client: Client, privateLinkId: string, call?: CallOptions): Promise<void> {
  requireName("privateLinkId", privateLinkId);
  await callRpc(client, rpc.destroyPrivateLink, { privateLinkId }, AGENT_ADMIN, call);
}

/** Lists the project's private links. Needs `agent.admin`. */
async function listPrivateLinks(client: Client, call?: CallOptions): Promise<PrivateLink[]> {
  const res = await callRpc(client, rpc.listPrivateLinks, {}, AGENT_ADMIN, call);
  return res.items;
}

/** The health of a private link. Needs `agent.admin`. */
async function getPrivateLinkStatus(
  client: Client,
  privateLinkId: string,
  call?: CallOptions,
): Promise<PrivateLinkStatus> {
  requireName("privateLinkId", privateLinkId);
  const res = await callRpc(client, rpc.getPrivateLinkStatus, { privateLinkId }, AGENT_ADMIN, call);
  return present(res.value, rpc.getPrivateLinkStatus.label, "a status");
}

/**
 * LiveKit Cloud's CloudAgent service: create, deploy, roll back and delete hosted agents, their secrets
 * and private links. Every function takes the `Client` first and an optional `CallOptions` last and
 * needs `agent.admin` (added by the client). LiveKit serves it on a separate host: build the client
 * with `cloudAgentHost(projectUrl)`. The open-source livekit-server does not serve it.
 */
export const CloudAgentService = {
  createAgent,
  createAgentV2,
  promoteAgent,
  listAgents,
  listAgentVersions,
  listAgentSecrets,
  updateAgent,
  restartAgent,
  deployAgent,
  deployAgentV2,
  updateAgentSecrets,
  rollbackAgent,
  deleteAgent,
  getClientSettings,
  createPrivateLink,
  destroyPrivateLink,
  listPrivateLinks,
  getPrivateLinkStatus,
} as const;
