import type { DescService } from "@bufbuild/protobuf";
import * as protocol from "@exlivekit/protocol";
import { RoomServiceWire } from "@exlivekit/protocol/wire/room";
import { describe, expect, it } from "vitest";
import { RETRY_CLASSES, ROOM_SERVICE, retryClassOf, SIP } from "./retry-classes.ts";
import { serviceRpc, wireRpc } from "./twirp-caller.ts";

// Every service descriptor the protocol package exports: a service added there (by regenerating the
// protos or by a new `.proto`) shows up here without anyone listing it.
const services = (Object.values(protocol) as unknown[]).filter(
  (value): value is DescService =>
    typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "service",
);

describe("retry classes", () => {
  it("finds the services", () => {
    expect(services.map((s) => s.typeName)).toContain("livekit.RoomService");
    expect(services.length).toBeGreaterThanOrEqual(7);
  });

  for (const service of services) {
    it(`${service.typeName}: every RPC has a class`, () => {
      const missing = service.methods
        .map((m) => m.name)
        .filter((name) => !Object.hasOwn(RETRY_CLASSES[service.typeName]?.methods ?? {}, name));
      expect(missing, `add these to RETRY_CLASSES["${service.typeName}"] in retry-classes.ts`).toEqual([]);
    });
  }

  it("every class names an RPC that exists", () => {
    const known = new Set(services.flatMap((s) => s.methods.map((m) => `${s.typeName}/${m.name}`)));
    const stale = Object.entries(RETRY_CLASSES).flatMap(([service, methods]) =>
      Object.keys(methods.methods)
        .map((name) => `${service}/${name}`)
        .filter((rpc) => !known.has(rpc)),
    );
    expect(stale).toEqual([]);
  });

  it("every class is spelled safe or unsafe (a typo would quietly mean unsafe)", () => {
    const odd = Object.values(RETRY_CLASSES).flatMap((classes) =>
      Object.entries(classes.methods)
        .filter(([, retryClass]) => retryClass !== "safe" && retryClass !== "unsafe")
        .map(([name, retryClass]) => `${classes.service}/${name}: ${JSON.stringify(retryClass)}`),
    );
    expect(odd).toEqual([]);
    for (const classes of Object.values(RETRY_CLASSES)) {
      for (const [name, retryClass] of Object.entries(classes.methods)) {
        expect(retryClassOf(classes, name), `${classes.service}/${name}`).toBe(retryClass);
      }
    }
  });

  it("calls that ring a phone, start an egress, reach a participant or send data are unsafe", () => {
    for (const [service, method] of [
      ["livekit.SIP", "CreateSIPParticipant"],
      ["livekit.SIP", "TransferSIPParticipant"],
      ["livekit.Egress", "StartRoomCompositeEgress"],
      ["livekit.Egress", "StartEgress"],
      ["livekit.RoomService", "PerformRpc"],
      ["livekit.RoomService", "SendData"],
      ["livekit.AgentDispatchService", "CreateDispatch"],
      ["livekit.Connector", "DialWhatsAppCall"],
      ["livekit.PhoneNumberService", "PurchasePhoneNumber"],
      ["livekit.CloudAgent", "DeployAgent"],
      ["livekit.AgentSimulation", "CreateSimulationRun"],
      ["livekit.Replay", "Export"],
    ] as const) {
      expect(retryClassOf(RETRY_CLASSES[service], method), `${service}/${method}`).toBe("unsafe");
    }
    expect(retryClassOf(RETRY_CLASSES["livekit.RoomService"], "ListRooms")).toBe("safe");
  });

  it("an RPC missing from the table is unsafe", () => {
    expect(retryClassOf(RETRY_CLASSES["livekit.Nope"], "Anything")).toBe("unsafe");
    expect(retryClassOf(RETRY_CLASSES["livekit.RoomService"], "toString")).toBe("unsafe");
  });

  it("each service's table sits under its own name", () => {
    for (const [service, classes] of Object.entries(RETRY_CLASSES)) expect(classes.service).toBe(service);
  });

  it("a method table paired with another service's classes fails when the RPC is prepared", () => {
    expect(() => serviceRpc(RoomServiceWire, "listRooms", SIP)).toThrow(
      "livekit.RoomService/ListRooms given the retry classes of livekit.SIP",
    );
    expect(serviceRpc(RoomServiceWire, "sendData", ROOM_SERVICE).retryClass).toBe("unsafe");
    expect(serviceRpc(RoomServiceWire, "listRooms", ROOM_SERVICE).retryClass).toBe("safe");
  });

  it("the public wireRpc finds the classes by the service's name", () => {
    expect(wireRpc(RoomServiceWire, "listRooms").retryClass).toBe("safe");
    expect(wireRpc(RoomServiceWire, "sendData").retryClass).toBe("unsafe");
  });
});
