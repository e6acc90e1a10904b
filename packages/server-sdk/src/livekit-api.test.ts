import { CreateRoomRequestSchema, RoomServiceDescriptor as RoomServiceDesc } from "@exlivekit/protocol/room";
import { describe, expect, it } from "vitest";
import { Client } from "./client.ts";
import { ConfigError } from "./errors.ts";
import { LiveKitApi } from "./livekit-api.ts";
import { AgentDispatchService } from "./services/agent-dispatch.ts";
import { AgentSimulationService } from "./services/agent-simulation.ts";
import { CloudAgentService } from "./services/cloud-agent.ts";
import { ConnectorService } from "./services/connector.ts";
import { EgressService } from "./services/egress.ts";
import { IngressService } from "./services/ingress.ts";
import { PhoneNumberService } from "./services/phone-number.ts";
import { recorder } from "./services/recorder.test-helper.ts";
import { ReplayService } from "./services/replay.ts";
import { RoomService } from "./services/room.ts";
import { SipService } from "./services/sip.ts";

const SERVICES = {
  Room: RoomService,
  Egress: EgressService,
  Ingress: IngressService,
  Sip: SipService,
  AgentDispatch: AgentDispatchService,
  Connector: ConnectorService,
  PhoneNumber: PhoneNumberService,
  AgentSimulation: AgentSimulationService,
  Replay: ReplayService,
  CloudAgent: CloudAgentService,
};

import type { TransportRequest } from "./transport.ts";

describe("service namespaces", () => {
  it("give each function one name: no aliases", () => {
    const api = new LiveKitApi(recorder().client);
    for (const [name, service] of Object.entries(SERVICES)) {
      const functions = Object.values(service);
      expect(new Set(functions).size, name).toBe(functions.length);
    }
    // Every namespace is on LiveKitApi (cloudAgent as a getter, created on first use).
    const bound = [...Object.keys(api).filter((k) => k !== "client"), "cloudAgent"];
    expect(
      Object.keys(SERVICES)
        .map((k) => `${k[0]?.toLowerCase()}${k.slice(1)}`)
        .sort(),
    ).toEqual(bound.sort());
  });
});

describe("LiveKitApi", () => {
  it("calls the same functions as the namespaces, bound to its client", async () => {
    const r = recorder();
    const api = new LiveKitApi(r.client);
    await api.room.createRoom("bound", { maxParticipants: 3 });
    await RoomService.createRoom(r.client, "bound", { maxParticipants: 3 });
    const [viaApi, viaNamespace] = r.sent;
    expect(viaApi?.path).toBe(`/twirp/${RoomServiceDesc.typeName}/CreateRoom`);
    expect(viaApi?.body).toEqual(viaNamespace?.body);
    expect(r.last(CreateRoomRequestSchema)).toMatchObject({ name: "bound", maxParticipants: 3 });
    expect(Object.keys(api.room).sort()).toEqual(Object.keys(RoomService).sort());
    expect(Object.keys(api.sip).sort()).toEqual(Object.keys(SipService).sort());
  });

  it("builds its client from options, and the agents client on LiveKit's agents host", async () => {
    const urls: string[] = [];
    const transport = {
      request: async (req: TransportRequest) => {
        urls.push(req.url);
        return { status: 200, headers: { "content-type": "application/protobuf" }, body: new Uint8Array() };
      },
    };
    const api = new LiveKitApi({
      host: "wss://my-project.livekit.cloud",
      apiKey: "k",
      apiSecret: "secret-secret-secret-secret-secret-1",
      transport,
    });
    await api.room.listRooms();
    await api.cloudAgent.listAgents();
    expect(urls).toEqual([
      "https://my-project.livekit.cloud/twirp/livekit.RoomService/ListRooms",
      "https://agents.livekit.cloud/twirp/livekit.CloudAgent/ListAgents",
    ]);
    await api.close();
    await expect(api.cloudAgent.listAgents()).rejects.toMatchObject({ code: "client_closed" });
  });

  it("leaves a shared client open and asks for options to reach the agents host", async () => {
    const r = recorder();
    const api = new LiveKitApi(r.client);
    expect(() => api.cloudAgent).toThrow(ConfigError);
    await api.close();
    await api.room.listRooms();
    expect(r.client).toBeInstanceOf(Client);
    expect(r.sent).toHaveLength(1);
  });
});
