import type { DescService } from "@bufbuild/protobuf";
import * as protocol from "@exlivekit/protocol";
import { describe, expect, it } from "vitest";
import { RETRY_CLASSES, retryClassOf } from "./retry-classes.ts";

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
        .filter((name) => !Object.hasOwn(RETRY_CLASSES[service.typeName] ?? {}, name));
      expect(missing, `add these to RETRY_CLASSES["${service.typeName}"] in retry-classes.ts`).toEqual([]);
    });
  }

  it("every class names an RPC that exists", () => {
    const known = new Set(services.flatMap((s) => s.methods.map((m) => `${s.typeName}/${m.name}`)));
    const stale = Object.entries(RETRY_CLASSES).flatMap(([service, methods]) =>
      Object.keys(methods)
        .map((name) => `${service}/${name}`)
        .filter((rpc) => !known.has(rpc)),
    );
    expect(stale).toEqual([]);
  });

  it("every class is spelled safe or unsafe (a typo would quietly mean unsafe)", () => {
    const odd = Object.entries(RETRY_CLASSES).flatMap(([service, methods]) =>
      Object.entries(methods)
        .filter(([, retryClass]) => retryClass !== "safe" && retryClass !== "unsafe")
        .map(([name, retryClass]) => `${service}/${name}: ${JSON.stringify(retryClass)}`),
    );
    expect(odd).toEqual([]);
    for (const [service, methods] of Object.entries(RETRY_CLASSES)) {
      for (const [name, retryClass] of Object.entries(methods)) {
        expect(retryClassOf(service, name), `${service}/${name}`).toBe(retryClass);
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
      expect(retryClassOf(service, method), `${service}/${method}`).toBe("unsafe");
    }
    expect(retryClassOf("livekit.RoomService", "ListRooms")).toBe("safe");
  });

  it("an RPC missing from the table is unsafe", () => {
    expect(retryClassOf("livekit.Nope", "Anything")).toBe("unsafe");
    expect(retryClassOf("livekit.RoomService", "toString")).toBe("unsafe");
  });
});
