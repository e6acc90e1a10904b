// Failover through the client against scripted endpoints: which endpoint each attempt uses, when a call
// moves on, what is set aside and how it comes back. The real two-node cluster and the Cloud regions
// responders are in test/failover.integration.test.ts.
import { create, toBinary } from "@bufbuild/protobuf";
import { ListRoomsResponseSchema } from "@exlivekit/protocol/room";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Client } from "./client.ts";
import { PROBE_INITIAL_DELAY_MS } from "./endpoints.ts";
import { ConfigError, TransportError, TwirpError } from "./errors.ts";
import { RoomService } from "./services/room.ts";
import type {
  InterceptedRequest,
  Interceptor,
  Transport,
  TransportRequest,
  TransportResponse,
} from "./transport.ts";

const A = "http://a.test:1";
const B = "http://b.test:2";
const keys = { apiKey: "key", apiSecret: "secret-secret-secret-secret-secret-1" };
const okBody = toBinary(ListRoomsResponseSchema, create(ListRoomsResponseSchema, { rooms: [] }));

type Behaviour = "ok" | "refused" | "reset" | "503" | "429";

/** A transport whose endpoints behave as the test says, recording every request. */
function scripted(behaviour: Record<string, Behaviour>) {
  const requests: TransportRequest[] = [];
  const transport: Transport = {
    async request(req) {
      requests.push({ ...req, headers: { ...req.headers } });
      const origin = new URL(req.url).origin;
      switch (behaviour[origin] ?? "ok") {
        case "refused":
          throw new TransportError("connection_refused", `refused by ${origin}`, { requestSent: false });
        case "reset":
          throw new TransportError("connection_reset", `reset by ${origin}`, { requestSent: true });
        case "503":
          return twirpError(503, "unavailable");
        case "429":
          return { ...twirpError(429, "resource_exhausted"), headers: { "retry-after": "0" } };
        default:
          return req.method === "GET"
            ? { status: 200, headers: {}, body: new Uint8Array(0) }
            : { status: 200, headers: { "content-type": "application/protobuf" }, body: okBody };
      }
    },
  };
  return { requests, transport, posts: () => requests.filter((r) => r.method === "POST") };
}

function twirpError(status: number, code: string): TransportResponse {
  return {
    status,
    headers: { "content-type": "application/json" },
    body: new TextEncoder().encode(JSON.stringify({ code, msg: code })),
  };
}

const originOf = (req: TransportRequest) => new URL(req.url).origin;

afterEach(() => {
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

describe("Client endpoints", () => {
  it("takes hosts, normalized and without duplicates; host is the first", () => {
    const client = new Client({
      ...keys,
      hosts: ["ws://a.test:1/", B, "http://a.test:1"],
      transport: scripted({}).transport,
    });
    expect(client.hosts).toEqual([A, B]);
    expect(client.host).toBe(A);
  });

  it("reads a comma-separated LIVEKIT_URL", () => {
    vi.stubEnv("LIVEKIT_URL", " wss://a.test:1 , ws://b.test:2,");
    expect(new Client({ ...keys, transport: scripted({}).transport }).hosts).toEqual(["https://a.test:1", B]);
  });

  it("refuses host together with hosts, and an empty hosts", () => {
    const transport = scripted({}).transport;
    expect(() => new Client({ ...keys, host: A, hosts: [B], transport })).toThrow(ConfigError);
    expect(() => new Client({ ...keys, hosts: [], transport })).toThrow(/non-empty/);
    expect(() => new Client({ ...keys, hosts: ["ftp://x"], transport })).toThrow(ConfigError);
  });
});

describe("failover", () => {
  it("moves a call to the next endpoint at once when the first refuses, with the same request id", async () => {
    const server = scripted({ [A]: "refused" });
    const seen: Array<[number, string]> = [];
    const interceptor: Interceptor = (next) => (req: InterceptedRequest) => {
      seen.push([req.attempt, req.endpoint]);
      return next(req);
    };
    const client = new Client({
      ...keys,
      hosts: [A, B],
      transport: server.transport,
      interceptors: [interceptor],
    });
    await RoomService.sendData(client, "room", "x");
    expect(seen).toEqual([
      [1, A],
      [2, B],
    ]);
    const [first, second] = server.posts();
    expect(first?.headers["x-livekit-request-id"]).toBeDefined();
    expect(second?.headers["x-livekit-request-id"]).toBe(first?.headers["x-livekit-request-id"]);
  });

  it("sets a refusing endpoint aside: the next calls start on the healthy one", async () => {
    const server = scripted({ [A]: "refused" });
    const client = new Client({ ...keys, hosts: [A, B], transport: server.transport });
    await RoomService.listRooms(client);
    await RoomService.listRooms(client);
    await RoomService.listRooms(client);
    expect(server.posts().map(originOf)).toEqual([A, B, B, B]);
  });

  it("never runs an unsafe call twice once it may have reached the server", async () => {
    const server = scripted({ [A]: "reset" });
    const client = new Client({ ...keys, hosts: [A, B], transport: server.transport });
    const error = await RoomService.sendData(client, "room", "x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: "connection_reset" });
    expect(server.posts().map(originOf)).toEqual([A]);
    // A reset does not set A aside (a keep-alive socket the server just closed looks the same).
    await RoomService.sendData(client, "room", "y").catch(() => undefined);
    expect(server.posts().map(originOf)).toEqual([A, A]);
  });

  it("moves a safe call on a reset or a 5xx; a 5xx does not set the endpoint aside", async () => {
    const reset = scripted({ [A]: "reset" });
    await RoomService.listRooms(new Client({ ...keys, hosts: [A, B], transport: reset.transport }));
    expect(reset.posts().map(originOf)).toEqual([A, B]);

    const unavailable = scripted({ [A]: "503" });
    const client = new Client({ ...keys, hosts: [A, B], transport: unavailable.transport });
    await RoomService.listRooms(client);
    await RoomService.listRooms(client);
    expect(unavailable.posts().map(originOf)).toEqual([A, B, A, B]);
  });

  it("never sends an unsafe call elsewhere after a 5xx: the server may have acted on it", async () => {
    const server = scripted({ [A]: "503" });
    const client = new Client({ ...keys, hosts: [A, B], transport: server.transport });
    await expect(RoomService.sendData(client, "room", "x")).rejects.toMatchObject({ status: 503 });
    expect(server.posts().map(originOf)).toEqual([A]);
  });

  it("gives the attempt on the next endpoint what is left of the call's deadline, not a fresh one", async () => {
    const sent: TransportRequest[] = [];
    const transport: Transport = {
      async request(req) {
        sent.push(req);
        if (new URL(req.url).origin === B) return { status: 200, headers: {}, body: okBody };
        await new Promise((resolve) => setTimeout(resolve, 400));
        throw new TransportError("connection_reset", "reset by A", { requestSent: true });
      },
    };
    const client = new Client({ ...keys, hosts: [A, B], transport });
    await RoomService.listRooms(client, {}, { timeoutMs: 2_000 });
    const [onA, onB] = sent as [TransportRequest, TransportRequest];
    expect(onA.timeoutMs).toBeGreaterThan(1_900);
    expect(onB.timeoutMs).toBeLessThanOrEqual(2_000 - 400);
    expect(Number(onB.headers["x-twirp-timeout-ms"])).toBeLessThan(onB.timeoutMs);
  });

  it("retries a 429 on the same endpoint, which asked to wait", async () => {
    const server = scripted({ [A]: "429" });
    const client = new Client({ ...keys, hosts: [A, B], transport: server.transport });
    const error = await RoomService.listRooms(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TwirpError);
    expect(server.posts().map(originOf)).toEqual([A, A, A]);
  });

  it("fails with the last endpoint's typed error when every endpoint is down", async () => {
    const server = scripted({ [A]: "refused", [B]: "refused" });
    const client = new Client({
      ...keys,
      hosts: [A, B],
      transport: server.transport,
      retry: { initialDelayMs: 1 },
    });
    const error = await RoomService.listRooms(client).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "connection_refused" });
    expect(server.posts()).toHaveLength(3);
  });

  it("probes a set-aside endpoint after the backoff and returns to it once it answers", async () => {
    const behaviour: Record<string, Behaviour> = { [A]: "refused" };
    const server = scripted(behaviour);
    const client = new Client({ ...keys, hosts: [A, B], transport: server.transport });
    await RoomService.listRooms(client);
    behaviour[A] = "ok";
    await new Promise((resolve) => setTimeout(resolve, PROBE_INITIAL_DELAY_MS + 20));
    await RoomService.listRooms(client); // sees the probe is due and starts it; goes to B meanwhile
    await new Promise((resolve) => setTimeout(resolve, 10));
    await RoomService.listRooms(client);
    expect(server.requests.map((r) => `${r.method} ${originOf(r)}`)).toEqual([
      `POST ${A}`,
      `POST ${B}`,
      `GET ${A}`,
      `POST ${B}`,
      `POST ${A}`,
    ]);
    expect(server.requests[2]?.url).toBe(`${A}/`);
  });

  it("an endpoint set aside that answers a call is healthy again: no probe goes to it", async () => {
    const behaviour: Record<string, Behaviour> = { [A]: "refused" };
    const server = scripted(behaviour);
    const client = new Client({ ...keys, hosts: [A, B], transport: server.transport });
    await RoomService.listRooms(client); // A refused and set aside, B answers
    behaviour[A] = "ok";
    behaviour[B] = "refused";
    await RoomService.listRooms(client); // B refused and set aside, A answers
    await new Promise((resolve) => setTimeout(resolve, PROBE_INITIAL_DELAY_MS + 20));
    await RoomService.listRooms(client); // probes what is still set aside: B only
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(server.requests.filter((r) => r.method === "GET").map(originOf)).toEqual([B]);
  });
});
