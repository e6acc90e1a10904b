import { CreateRoomRequestSchema, RoomService as RoomServiceDesc } from "@exlivekit/protocol/room";
import { describe, expect, it } from "vitest";
import { Client } from "./client.ts";
import { ConfigError } from "./errors.ts";
import { LiveKitApi } from "./livekit-api.ts";
import { recorder } from "./services/recorder.test-helper.ts";
import { RoomService } from "./services/room.ts";
import { SipService } from "./services/sip.ts";
import type { TransportRequest } from "./transport.ts";

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
