// Every RPC of LiveKit Cloud's CloudAgent, AgentSimulation, Replay and PhoneNumberService, against a local
// Twirp responder (no server here serves them): the path, both wire formats, the grant in the JWT, the
// request as the generated schema decodes it, the unwrapped answer and the error mapping.

import { AgentSimulationDescriptor as AgentSimulation } from "@exlivekit/protocol/agent_simulation";
import { CloudAgentDescriptor as CloudAgent } from "@exlivekit/protocol/cloud_agent";
import { ReplayDescriptor as Replay } from "@exlivekit/protocol/cloud_replay";
import {
  PhoneNumberServiceDescriptor as PhoneNumberDesc,
  PhoneNumberStatus,
} from "@exlivekit/protocol/phone_number";
import { AccessToken } from "@exlivekit/token";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  AgentSimulationService,
  Client,
  CloudAgentService,
  cloudAgentHost,
  InvalidArgumentError,
  MalformedResponseError,
  PhoneNumberService,
  ReplayService,
  TwirpError,
} from "../src/index.ts";
import { jsonFormat } from "../src/json-format.ts";
import type { Answer, CloudResponder } from "./cloud-responder.ts";
import { startCloudResponder } from "./cloud-responder.ts";
import { testTransport } from "./test-transport.ts";

const apiKey = "cloud-key";
const apiSecret = "cloud-secret-cloud-secret-cloud-secret";

// The grant each service needs, from LiveKit's public sources:
// - PhoneNumberService: `sip.admin` on every RPC (https://github.com/livekit/server-sdk-go/blob/v2.20.0/phonenumberclient.go).
// - CloudAgent: `agent.admin` on every RPC (https://github.com/livekit/server-sdk-go/blob/v2.20.0/agent_client.go;
//   https://github.com/livekit/protocol/blob/v1.54.1/auth/grants.go "Admin grants to create/update/delete Cloud Agents").
// - AgentSimulation: `agent.simulationAdmin` (https://github.com/livekit/protocol/blob/v1.54.1/auth/grants.go
//   "SimulationAdmin grants access to manage simulations and scenarios").
// - Replay: any token signed with the project's key (https://github.com/livekit/livekit-cli/blob/11a708c30107e6a94e5db350719a893c3ec529ec/cmd/lk/replay.go signs no grant).
const grants = {
  "livekit.PhoneNumberService": (c: { sip?: { admin?: boolean } }) => c.sip?.admin === true,
  "livekit.CloudAgent": (c: { agent?: { admin?: boolean } }) => c.agent?.admin === true,
  "livekit.AgentSimulation": (c: { agent?: { simulationAdmin?: boolean } }) =>
    c.agent?.simulationAdmin === true,
  "livekit.Replay": () => true,
};

let responder: CloudResponder;
const clients: Client[] = [];
function client(format: "protobuf" | "json" = "protobuf", auth: object = { apiKey, apiSecret }): Client {
  const made = new Client({
    host: responder.url,
    ...auth,
    format: format === "json" ? jsonFormat : format,
    retry: false,
    transport: testTransport(),
  });
  clients.push(made);
  return made;
}

beforeAll(async () => {
  responder = await startCloudResponder({
    apiKey,
    apiSecret,
    services: [CloudAgent, AgentSimulation, Replay, PhoneNumberDesc],
    grants: grants as never,
  });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await responder.close();
});
beforeEach(() => {
  responder.received.length = 0;
  responder.answer(undefined);
});

interface Case {
  /** The RPC, as `Service/Method`. */
  readonly rpc: string;
  readonly call: (c: Client) => Promise<unknown>;
  /** Fields the decoded request must hold. */
  readonly request: Record<string, unknown>;
  /** The message the responder answers with. */
  readonly answer?: Answer;
  /** What the function must resolve with. */
  readonly result?: unknown;
}

const cases: Case[] = [
  // PhoneNumberService
  {
    rpc: "livekit.PhoneNumberService/SearchPhoneNumbers",
    call: (c) => PhoneNumberService.searchPhoneNumbers(c, "US", { areaCode: "415", limit: 5 }),
    request: { countryCode: "US", areaCode: "415", limit: 5 },
    answer: { items: [{ e164Format: "+14155550100" }] },
    result: [expect.objectContaining({ e164Format: "+14155550100" })],
  },
  {
    rpc: "livekit.PhoneNumberService/PurchasePhoneNumber",
    call: (c) => PhoneNumberService.purchasePhoneNumber(c, ["+14155550100"], { sipDispatchRuleId: "SDR_1" }),
    request: { phoneNumbers: ["+14155550100"], sipDispatchRuleId: "SDR_1" },
    answer: { phoneNumbers: [{ id: "PN_1" }] },
    result: [expect.objectContaining({ id: "PN_1" })],
  },
  {
    rpc: "livekit.PhoneNumberService/ListPhoneNumbers",
    call: (c) => PhoneNumberService.listPhoneNumbers(c, { statuses: [PhoneNumberStatus.ACTIVE] }),
    request: { statuses: [PhoneNumberStatus.ACTIVE] },
    answer: { items: [{ id: "PN_1" }], totalCount: 1 },
    result: [expect.objectContaining({ id: "PN_1" })],
  },
  {
    rpc: "livekit.PhoneNumberService/GetPhoneNumber",
    call: (c) => PhoneNumberService.getPhoneNumber(c, { phoneNumber: "+14155550100" }),
    request: { phoneNumber: "+14155550100" },
    answer: { phoneNumber: { id: "PN_1" } },
    result: expect.objectContaining({ id: "PN_1" }),
  },
  {
    rpc: "livekit.PhoneNumberService/UpdatePhoneNumber",
    call: (c) => PhoneNumberService.updatePhoneNumber(c, { id: "PN_1" }, { name: "front desk" }),
    request: { id: "PN_1", name: "front desk" },
    answer: { phoneNumber: { id: "PN_1", name: "front desk" } },
    result: expect.objectContaining({ name: "front desk" }),
  },
  {
    rpc: "livekit.PhoneNumberService/ReleasePhoneNumbers",
    call: (c) => PhoneNumberService.releasePhoneNumbers(c, { ids: ["PN_1"] }),
    request: { ids: ["PN_1"], phoneNumbers: [] },
    result: undefined,
  },
  // CloudAgent
  {
    rpc: "livekit.CloudAgent/CreateAgent",
    call: (c) => CloudAgentService.createAgent(c, { regions: ["us-east"], secrets: [{ name: "K" }] }),
    request: { regions: ["us-east"], secrets: [expect.objectContaining({ name: "K" })] },
    answer: { agentId: "CA_1" },
    result: expect.objectContaining({ agentId: "CA_1" }),
  },
  {
    rpc: "livekit.CloudAgent/CreateAgentV2",
    call: (c) => CloudAgentService.createAgentV2(c, { regions: ["eu"] }),
    request: { regions: ["eu"] },
    answer: { agentId: "CA_2" },
    result: expect.objectContaining({ agentId: "CA_2" }),
  },
  {
    rpc: "livekit.CloudAgent/PromoteAgent",
    call: (c) => CloudAgentService.promoteAgent(c, "CA_1", "staging", "production"),
    request: { agentId: "CA_1", srcDeployment: "staging", dstDeployment: "production" },
    answer: { success: true },
    result: expect.objectContaining({ success: true }),
  },
  {
    rpc: "livekit.CloudAgent/ListAgents",
    call: (c) => CloudAgentService.listAgents(c, { agentName: "bot" }),
    request: { agentName: "bot", agentId: "" },
    answer: { agents: [{ agentId: "CA_1" }] },
    result: [expect.objectContaining({ agentId: "CA_1" })],
  },
  {
    rpc: "livekit.CloudAgent/ListAgentVersions",
    call: (c) => CloudAgentService.listAgentVersions(c, "CA_1"),
    request: { agentId: "CA_1" },
    answer: { versions: [{ version: "v3" }] },
    result: [expect.objectContaining({ version: "v3" })],
  },
  {
    rpc: "livekit.CloudAgent/ListAgentSecrets",
    call: (c) => CloudAgentService.listAgentSecrets(c, "CA_1"),
    request: { agentId: "CA_1" },
    answer: { secrets: [{ name: "OPENAI_API_KEY" }] },
    result: [expect.objectContaining({ name: "OPENAI_API_KEY" })],
  },
  {
    rpc: "livekit.CloudAgent/UpdateAgent",
    call: (c) => CloudAgentService.updateAgent(c, "CA_1", { regions: ["us-west"] }),
    request: { agentId: "CA_1", regions: ["us-west"] },
    answer: { success: true },
    result: expect.objectContaining({ success: true }),
  },
  {
    rpc: "livekit.CloudAgent/RestartAgent",
    call: (c) => CloudAgentService.restartAgent(c, "CA_1"),
    request: { agentId: "CA_1" },
    answer: { success: true },
    result: expect.objectContaining({ success: true }),
  },
  {
    rpc: "livekit.CloudAgent/DeployAgent",
    call: (c) => CloudAgentService.deployAgent(c, "CA_1", { deployment: "staging", attributes: { a: "1" } }),
    request: { agentId: "CA_1", deployment: "staging", attributes: { a: "1" } },
    answer: { success: true, tag: "t1" },
    result: expect.objectContaining({ tag: "t1" }),
  },
  {
    rpc: "livekit.CloudAgent/DeployAgentV2",
    call: (c) => CloudAgentService.deployAgentV2(c, "CA_1", { deployment: "prod" }),
    request: { agentId: "CA_1", deployment: "prod" },
    answer: { success: true, deployment: "prod" },
    result: expect.objectContaining({ deployment: "prod" }),
  },
  {
    rpc: "livekit.CloudAgent/UpdateAgentSecrets",
    call: (c) =>
      CloudAgentService.updateAgentSecrets(c, "CA_1", {
        secrets: [{ name: "K", value: new TextEncoder().encode("v") }],
        remove: ["OLD"],
        overwrite: true,
      }),
    request: { agentId: "CA_1", remove: ["OLD"], overwrite: true },
    answer: { success: true },
    result: expect.objectContaining({ success: true }),
  },
  {
    rpc: "livekit.CloudAgent/RollbackAgent",
    call: (c) => CloudAgentService.rollbackAgent(c, "CA_1", "v2"),
    request: { agentId: "CA_1", version: "v2" },
    answer: { success: true },
    result: expect.objectContaining({ success: true }),
  },
  {
    rpc: "livekit.CloudAgent/DeleteAgent",
    call: (c) => CloudAgentService.deleteAgent(c, "CA_1", { deployment: "staging" }),
    request: { agentId: "CA_1", deployment: "staging" },
    answer: { success: true },
    result: expect.objectContaining({ success: true }),
  },
  {
    rpc: "livekit.CloudAgent/GetClientSettings",
    call: (c) => CloudAgentService.getClientSettings(c),
    request: {},
    answer: { params: [{ name: "n", value: "v" }] },
    result: expect.objectContaining({ params: [expect.objectContaining({ name: "n" })] }),
  },
  {
    rpc: "livekit.CloudAgent/CreatePrivateLink",
    call: (c) => CloudAgentService.createPrivateLink(c, { name: "db", region: "us-east", port: 5432 }),
    request: { name: "db", region: "us-east", port: 5432 },
    answer: { privateLink: { privateLinkId: "PL_1" } },
    result: expect.objectContaining({ privateLinkId: "PL_1" }),
  },
  {
    rpc: "livekit.CloudAgent/DestroyPrivateLink",
    call: (c) => CloudAgentService.destroyPrivateLink(c, "PL_1"),
    request: { privateLinkId: "PL_1" },
    result: undefined,
  },
  {
    rpc: "livekit.CloudAgent/ListPrivateLinks",
    call: (c) => CloudAgentService.listPrivateLinks(c),
    request: {},
    answer: { items: [{ privateLinkId: "PL_1" }] },
    result: [expect.objectContaining({ privateLinkId: "PL_1" })],
  },
  {
    rpc: "livekit.CloudAgent/GetPrivateLinkStatus",
    call: (c) => CloudAgentService.getPrivateLinkStatus(c, "PL_1"),
    request: { privateLinkId: "PL_1" },
    answer: { value: { reason: "ok", status: 3 } },
    result: expect.objectContaining({ reason: "ok", status: 3 }),
  },
  // AgentSimulation
  {
    rpc: "livekit.AgentSimulation/CreateSimulationRun",
    call: (c) =>
      AgentSimulationService.createSimulationRun(c, "bot", { numSimulations: 3, deployment: "staging" }),
    request: { agentName: "bot", numSimulations: 3, deployment: "staging" },
    answer: { simulationRunId: "SR_1" },
    result: expect.objectContaining({ simulationRunId: "SR_1" }),
  },
  {
    rpc: "livekit.AgentSimulation/ConfirmSimulationSourceUpload",
    call: (c) => AgentSimulationService.confirmSimulationSourceUpload(c, "SR_1", "agent.py"),
    request: { simulationRunId: "SR_1", codeEntrypoint: "agent.py", projectId: "" },
    result: undefined,
  },
  {
    rpc: "livekit.AgentSimulation/GetSimulationRun",
    call: (c) => AgentSimulationService.getSimulationRun(c, "SR_1", { projectId: "P_1" }),
    request: { simulationRunId: "SR_1", projectId: "P_1" },
    answer: { run: { id: "SR_1" } },
    result: expect.objectContaining({ id: "SR_1" }),
  },
  {
    rpc: "livekit.AgentSimulation/ListSimulationRuns",
    call: (c) => AgentSimulationService.listSimulationRuns(c, { agentName: "bot" }),
    request: { agentName: "bot" },
    answer: { runs: [{ id: "SR_1" }] },
    result: [expect.objectContaining({ id: "SR_1" })],
  },
  {
    rpc: "livekit.AgentSimulation/CountSimulationRuns",
    call: (c) => AgentSimulationService.countSimulationRuns(c, { agentName: "bot" }),
    request: { agentName: "bot" },
    answer: { buckets: [{ count: 4n }] },
    result: expect.objectContaining({ buckets: [expect.objectContaining({ count: 4n })] }),
  },
  {
    rpc: "livekit.AgentSimulation/CancelSimulationRun",
    call: (c) => AgentSimulationService.cancelSimulationRun(c, "SR_1"),
    request: { simulationRunId: "SR_1" },
    result: undefined,
  },
  {
    rpc: "livekit.AgentSimulation/CreateScenarioFromSession",
    call: (c) => AgentSimulationService.createScenarioFromSession(c, "RM_1", { region: "us" }),
    request: { roomId: "RM_1", region: "us" },
    answer: { scenario: { label: "from RM_1" } },
    result: expect.objectContaining({ label: "from RM_1" }),
  },
  // Replay
  {
    rpc: "livekit.Replay/ListReplays",
    call: (c) => ReplayService.listReplays(c, { roomName: "r" }),
    request: { roomName: "r" },
    answer: { replays: [{ replayId: "RP_1", durationMs: 5000n }] },
    result: [expect.objectContaining({ replayId: "RP_1", durationMs: 5000n })],
  },
  {
    rpc: "livekit.Replay/Playback",
    call: (c) => ReplayService.playback(c, "RP_1", "review", { seekOffsetMs: 1500 }),
    request: { replayId: "RP_1", playbackRoom: "review", seekOffsetMs: 1500n },
    answer: { playbackId: "PB_1" },
    result: "PB_1",
  },
  {
    rpc: "livekit.Replay/Seek",
    call: (c) => ReplayService.seek(c, "PB_1", 9_000),
    request: { playbackId: "PB_1", seekOffsetMs: 9000n },
    result: undefined,
  },
  {
    rpc: "livekit.Replay/Close",
    call: (c) => ReplayService.closePlayback(c, "PB_1"),
    request: { playbackId: "PB_1" },
    result: undefined,
  },
  {
    rpc: "livekit.Replay/Export",
    call: (c) => ReplayService.exportReplay(c, "RP_1", { startOffsetMs: 10n, endOffsetMs: 20n }),
    request: { replayId: "RP_1", startOffsetMs: 10n, endOffsetMs: 20n },
    answer: { egressId: "EG_1" },
    result: expect.objectContaining({ egressId: "EG_1" }),
  },
  {
    rpc: "livekit.Replay/DeleteReplay",
    call: (c) => ReplayService.deleteReplay(c, "RP_1"),
    request: { replayId: "RP_1" },
    result: undefined,
  },
];

describe("LiveKit Cloud services against a local Twirp responder", () => {
  it("cover every RPC of the four services", () => {
    const all = [CloudAgent, AgentSimulation, Replay, PhoneNumberDesc].flatMap((s) =>
      s.methods.map((m) => `${s.typeName}/${m.name}`),
    );
    expect(cases.map((c) => c.rpc).sort()).toEqual(all.sort());
  });

  for (const format of ["protobuf", "json"] as const) {
    it.each(cases)(`$rpc sends the request, path and grant the server expects (${format})`, async (c) => {
      responder.answer(() => c.answer);
      const result = await c.call(client(format));
      expect(responder.received).toHaveLength(1);
      const [seen] = responder.received;
      expect(seen?.label).toBe(c.rpc);
      expect(seen?.format).toBe(format);
      expect(seen?.request).toMatchObject(c.request);
      expect(result).toEqual(c.result);
    });
  }

  // Replay needs no grant: there is nothing to withhold from its calls.
  const granted = cases.filter((c) => !c.rpc.startsWith("livekit.Replay/"));
  it.each(granted)("$rpc is refused without its grant, as a typed 401", async (c) => {
    const bare = await new AccessToken({ apiKey, apiSecret }).addGrants({ roomList: true }).toJwt();
    const err = await c.call(client("protobuf", { token: bare })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TwirpError);
    expect(err).toMatchObject({ code: "unauthenticated", status: 401, rpc: c.rpc });
    expect(responder.received).toHaveLength(0);
  });

  it("Replay calls carry a token signed with the key and no grant", async () => {
    await ReplayService.deleteReplay(client(), "RP_1");
    const claims = responder.received[0]?.claims;
    expect(claims?.apiKey).toBe(apiKey);
    expect(claims?.video).toBeUndefined();
    expect(claims?.sip).toBeUndefined();
  });

  it("maps the server's Twirp errors onto TwirpError with code, status and message", async () => {
    responder.answer(() => ({ fail: { status: 404, code: "not_found", msg: "phone number not found" } }));
    const err = await PhoneNumberService.getPhoneNumber(client(), { id: "PN_x" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TwirpError);
    expect(err).toMatchObject({ code: "not_found", status: 404, msg: "phone number not found" });
    responder.answer(() => ({ fail: { status: 412, code: "failed_precondition", msg: "no deployment" } }));
    await expect(CloudAgentService.restartAgent(client("json"), "CA_1")).rejects.toMatchObject({
      code: "failed_precondition",
      status: 412,
    });
  });

  it("rejects a success without the message a get promises as malformed", async () => {
    await expect(PhoneNumberService.getPhoneNumber(client(), { id: "PN_1" })).rejects.toBeInstanceOf(
      MalformedResponseError,
    );
    await expect(AgentSimulationService.getSimulationRun(client(), "SR_1")).rejects.toBeInstanceOf(
      MalformedResponseError,
    );
  });

  it("follows page tokens in the iterate functions", async () => {
    responder.answer((r) => {
      const token = (r.request as { pageToken?: { token: string } }).pageToken?.token ?? "";
      return token === ""
        ? { items: [{ id: "PN_1" }], nextPageToken: { token: "p2" } }
        : { items: [{ id: "PN_2" }], nextPageToken: { token: "" } };
    });
    const ids: string[] = [];
    for await (const n of PhoneNumberService.iteratePhoneNumbers(client(), { limit: 1 })) ids.push(n.id);
    expect(ids).toEqual(["PN_1", "PN_2"]);
    expect(
      responder.received.map((r) => (r.request as { pageToken?: { token: string } }).pageToken?.token),
    ).toEqual([undefined, "p2"]);
  });

  it("validates arguments before sending anything", async () => {
    await expect(PhoneNumberService.purchasePhoneNumber(client(), [])).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(PhoneNumberService.releasePhoneNumbers(client(), {})).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(PhoneNumberService.getPhoneNumber(client(), {} as never)).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(ReplayService.seek(client(), "PB_1", -1)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(CloudAgentService.rollbackAgent(client(), "", "v1")).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    expect(responder.received).toHaveLength(0);
  });

  it("an unknown service is a typed 404 bad_route", async () => {
    const other = await startCloudResponder({ apiKey, apiSecret, services: [], grants: {} });
    try {
      const c = new Client({ host: other.url, apiKey, apiSecret, retry: false, transport: testTransport() });
      clients.push(c);
      await expect(ReplayService.listReplays(c)).rejects.toMatchObject({ code: "bad_route", status: 404 });
    } finally {
      await other.close();
    }
  });
});

describe("cloudAgentHost", () => {
  it("points a project URL at LiveKit's agents host, as the Go SDK does", () => {
    expect(cloudAgentHost("wss://my-project.livekit.cloud")).toBe("https://agents.livekit.cloud");
    expect(cloudAgentHost("https://p.eu.livekit.cloud/")).toBe("https://agents.eu.livekit.cloud");
    expect(() => cloudAgentHost("http://localhost:7880")).toThrow(InvalidArgumentError);
  });
});
