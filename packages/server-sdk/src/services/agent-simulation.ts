import type {
  Scenario,
  SimulationRun,
  SimulationRun_Counts_RequestSchema,
  SimulationRun_Counts_Response,
  SimulationRun_Create_RequestSchema,
  SimulationRun_Create_Response,
  SimulationRun_List_RequestSchema,
} from "@exlivekit/protocol/agent_simulation";
import { AgentSimulationWire } from "@exlivekit/protocol/wire/agent_simulation";
import type { Client } from "../client.ts";
import { AGENT_SIMULATION } from "../retry-classes.ts";
import type { CallOptions } from "../twirp-caller.ts";
import { callRpc, serviceRpc } from "../twirp-caller.ts";
import { optionalString, requireName, requireOptions } from "../validate.ts";
import type { Fields } from "./messages.ts";
import { present } from "./messages.ts";
import { rpcPages } from "./pagination.ts";

const rpc = {
  createSimulationRun: /* @__PURE__ */ serviceRpc(
    AgentSimulationWire,
    "createSimulationRun",
    AGENT_SIMULATION,
  ),
  confirmSimulationSourceUpload: /* @__PURE__ */ serviceRpc(
    AgentSimulationWire,
    "confirmSimulationSourceUpload",
    AGENT_SIMULATION,
  ),
  getSimulationRun: /* @__PURE__ */ serviceRpc(AgentSimulationWire, "getSimulationRun", AGENT_SIMULATION),
  listSimulationRuns: /* @__PURE__ */ serviceRpc(AgentSimulationWire, "listSimulationRuns", AGENT_SIMULATION),
  countSimulationRuns: /* @__PURE__ */ serviceRpc(
    AgentSimulationWire,
    "countSimulationRuns",
    AGENT_SIMULATION,
  ),
  cancelSimulationRun: /* @__PURE__ */ serviceRpc(
    AgentSimulationWire,
    "cancelSimulationRun",
    AGENT_SIMULATION,
  ),
  createScenarioFromSession: /* @__PURE__ */ serviceRpc(
    AgentSimulationWire,
    "createScenarioFromSession",
    AGENT_SIMULATION,
  ),
};

// `agent.simulationAdmin` is the grant LiveKit's protocol defines for simulations (AgentGrant.SimulationAdmin
// in https://github.com/livekit/protocol/blob/v1.54.1/auth/grants.go), and the one LiveKit's Go SDK signs
// these calls with (`withAgentGrant{SimulationAdmin: true}` in
// https://github.com/livekit/server-sdk-go/blob/v2.20.0/agent_simulation_client.go).
const SIMULATION_ADMIN = { agentSimulationAdmin: true } as const;

/** `SimulationRun.Create.Request` fields besides the agent: `numSimulations`, `scenarioGroup`, `mode`, `deployment`, ... */
export type CreateSimulationRunOptions = Omit<Fields<typeof SimulationRun_Create_RequestSchema>, "agentName">;
/** `SimulationRun.List.Request` filters: `status`, `agentName`, `mode`, `startTime`, `endTime`, `projectId`. */
export type ListSimulationRunsOptions = Omit<Fields<typeof SimulationRun_List_RequestSchema>, "pageToken">;
/** `SimulationRun.Counts.Request` filters: `startTime`, `endTime`, `status`, `agentName`, `mode`, `projectId`. */
export type CountSimulationRunsOptions = Fields<typeof SimulationRun_Counts_RequestSchema>;

/** The project a simulation call is about; empty means the API key's project. */
export interface SimulationProjectOptions {
  /** The LiveKit Cloud project id; default: the API key's project. */
  readonly projectId?: string;
}

function projectOf(options: SimulationProjectOptions | undefined): string {
  const opts = requireOptions("options", options);
  return optionalString("projectId", opts.projectId);
}

/**
 * Starts a simulation run against an agent; resolves with its id and, for a source upload, where to post
 * the code. Needs `agent.simulationAdmin`.
 */
async function createSimulationRun(
  client: Client,
  agentName: string,
  options?: CreateSimulationRunOptions,
  call?: CallOptions,
): Promise<SimulationRun_Create_Response> {
  requireName("agentName", agentName);
  const opts = requireOptions("options", options);
  return callRpc(client, rpc.createSimulationRun, { ...opts, agentName }, SIMULATION_ADMIN, call);
}

/** Tells LiveKit the run's source upload finished, naming the code's entrypoint. Needs `agent.simulationAdmin`. */
async function confirmSimulationSourceUpload(
  client: Client,
  simulationRunId: string,
  codeEntrypoint: string,
  options?: SimulationProjectOptions,
  call?: CallOptions,
): Promise<void> {
  requireName("simulationRunId", simulationRunId);
  requireName("codeEntrypoint", codeEntrypoint);
  const projectId = projectOf(options);
  await callRpc(
    client,
    rpc.confirmSimulationSourceUpload,
    { simulationRunId, codeEntrypoint, projectId },
    SIMULATION_ADMIN,
    call,
  );
}

/** Gets a simulation run with its jobs and metrics; rejects `not_found` when absent. Needs `agent.simulationAdmin`. */
async function getSimulationRun(
  client: Client,
  simulationRunId: string,
  options?: SimulationProjectOptions,
  call?: CallOptions,
): Promise<SimulationRun> {
  requireName("simulationRunId", simulationRunId);
  const projectId = projectOf(options);
  const res = await callRpc(
    client,
    rpc.getSimulationRun,
    { simulationRunId, projectId },
    SIMULATION_ADMIN,
    call,
  );
  return present(res.run, rpc.getSimulationRun.label, "a run");
}

/** Lists simulation runs, first page (`iterateSimulationRuns` follows every page). Needs `agent.simulationAdmin`. */
async function listSimulationRuns(
  client: Client,
  options?: ListSimulationRunsOptions,
  call?: CallOptions,
): Promise<SimulationRun[]> {
  const opts = requireOptions("options", options);
  const res = await callRpc(client, rpc.listSimulationRuns, opts, SIMULATION_ADMIN, call);
  return res.runs;
}

/** Yields every simulation run matching the filters, following the page tokens. Needs `agent.simulationAdmin`. */
function iterateSimulationRuns(
  client: Client,
  options?: ListSimulationRunsOptions,
  call?: CallOptions,
): AsyncGenerator<SimulationRun, void, undefined> {
  const opts = requireOptions("options", options);
  return rpcPages(client, rpc.listSimulationRuns, opts, SIMULATION_ADMIN, call, (res) => res.runs);
}

/** Counts simulation runs per time bucket. Needs `agent.simulationAdmin`. */
async function countSimulationRuns(
  client: Client,
  options?: CountSimulationRunsOptions,
  call?: CallOptions,
): Promise<SimulationRun_Counts_Response> {
  const opts = requireOptions("options", options);
  return callRpc(client, rpc.countSimulationRuns, opts, SIMULATION_ADMIN, call);
}

/** Cancels a simulation run. Needs `agent.simulationAdmin`. */
async function cancelSimulationRun(
  client: Client,
  simulationRunId: string,
  options?: SimulationProjectOptions,
  call?: CallOptions,
): Promise<void> {
  requireName("simulationRunId", simulationRunId);
  const projectId = projectOf(options);
  await callRpc(client, rpc.cancelSimulationRun, { simulationRunId, projectId }, SIMULATION_ADMIN, call);
}

/** Turns a recorded session (a room id) into a reusable scenario. Needs `agent.simulationAdmin`. */
async function createScenarioFromSession(
  client: Client,
  roomId: string,
  options?: SimulationProjectOptions & { readonly region?: string },
  call?: CallOptions,
): Promise<Scenario> {
  requireName("roomId", roomId);
  const projectId = projectOf(options);
  const region = optionalString("region", options?.region);
  const res = await callRpc(
    client,
    rpc.createScenarioFromSession,
    { roomId, projectId, region },
    SIMULATION_ADMIN,
    call,
  );
  return present(res.scenario, rpc.createScenarioFromSession.label, "a scenario");
}

/**
 * LiveKit Cloud's AgentSimulation service: run simulated callers against an agent and read the scores.
 * Every function takes the `Client` first and an optional `CallOptions` last and needs
 * `agent.simulationAdmin` (added by the client). The open-source livekit-server does not serve it.
 */
export const AgentSimulationService = {
  createSimulationRun,
  confirmSimulationSourceUpload,
  getSimulationRun,
  listSimulationRuns,
  iterateSimulationRuns,
  countSimulationRuns,
  cancelSimulationRun,
  createScenarioFromSession,
} as const;
