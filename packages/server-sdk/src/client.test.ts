import { create, toBinary } from "@bufbuild/protobuf";
import { RoomSchema } from "@exlivekit/protocol/models";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Client } from "./client.ts";
import { ConfigError, LiveKitError, TransportError, TwirpError } from "./errors.ts";
import { RoomService } from "./services/room.ts";
import type { Transport, TransportRequest } from "./transport.ts";

const opts = { host: "http://127.0.0.1:1", apiKey: "key", apiSecret: "secret-secret-secret-secret-secret-1" };

function recording(): { transport: Transport; requests: TransportRequest[] } {
  const requests: TransportRequest[] = [];
  const body = toBinary(RoomSchema, create(RoomSchema, { name: "r" }));
  return {
    requests,
    transport: {
      request: async (req) => {
        requests.push({ ...req, headers: { ...req.headers } });
        return { status: 200, headers: { "content-type": "application/protobuf" }, body };
      },
    },
  };
}

afterEach(() => vi.unstubAllEnvs());

describe("Client configuration", () => {
  it("names both transport packages when the transport is missing", () => {
    const make = () => new Client({ ...opts } as never);
    expect(make).toThrow(ConfigError);
    expect(make).toThrow(/@exlivekit\/transport-undici[\s\S]*@exlivekit\/transport-fetch/);
    expect(make).toThrow(/transport: undiciTransport\(\)/);
  });

  it("falls back to LIVEKIT_* environment variables", () => {
    vi.stubEnv("LIVEKIT_URL", "wss://env.example/");
    vi.stubEnv("LIVEKIT_API_KEY", "k");
    vi.stubEnv("LIVEKIT_API_SECRET", "s");
    expect(new Client({ transport: recording().transport }).host).toBe("https://env.example");
  });

  it("says which setting is missing, never the secret", () => {
    vi.stubEnv("LIVEKIT_API_SECRET", "");
    const make = () => new Client({ host: "http://x", apiKey: "k", transport: recording().transport });
    expect(make).toThrow(/apiSecret.*LIVEKIT_API_SECRET/);
  });

  it("rejects a bad format and timeout", () => {
    const { transport } = recording();
    expect(() => new Client({ ...opts, transport, format: "xml" as never })).toThrow(/format/);
    // JSON is an opt-in entry; the old string points there.
    expect(() => new Client({ ...opts, transport, format: "json" as never })).toThrow(
      /@exlivekit\/server-sdk\/json/,
    );
    expect(() => new Client({ ...opts, transport, timeoutMs: -1 })).toThrow(/timeoutMs/);
  });
});

describe("pre-signed token", () => {
  const presigned = "eyJhbGciOiJIUzI1NiJ9.eyJ2aWRlbyI6eyJyb29tQ3JlYXRlIjp0cnVlfX0.c2ln";

  it("sends the token as-is on every call, whatever the grants", async () => {
    const { transport, requests } = recording();
    const client = new Client({ host: "http://127.0.0.1:1", token: presigned, transport });
    await RoomService.createRoom(client, "a");
    await RoomService.listRooms(client);
    expect(requests.map((r) => r.headers.authorization)).toEqual([
      `Bearer ${presigned}`,
      `Bearer ${presigned}`,
    ]);
  });

  it("reads LIVEKIT_TOKEN, which beats LIVEKIT_API_KEY/SECRET from the environment", async () => {
    vi.stubEnv("LIVEKIT_TOKEN", presigned);
    vi.stubEnv("LIVEKIT_API_KEY", "env-key");
    vi.stubEnv("LIVEKIT_API_SECRET", "env-secret-env-secret-env-secret-1");
    const { transport, requests } = recording();
    await RoomService.createRoom(new Client({ host: "http://127.0.0.1:1", transport }), "a");
    expect(requests[0]?.headers.authorization).toBe(`Bearer ${presigned}`);
  });

  it("lets an explicit key pair win over an ambient LIVEKIT_TOKEN", async () => {
    vi.stubEnv("LIVEKIT_TOKEN", presigned);
    const { transport, requests } = recording();
    await RoomService.createRoom(new Client({ ...opts, transport }), "a");
    const header = requests[0]?.headers.authorization ?? "";
    expect(header).not.toContain(presigned);
    expect(JSON.parse(atob(header.split(".")[1] ?? ""))).toMatchObject({
      iss: "key",
      video: { roomCreate: true },
    });
  });

  it("refuses a token together with a key pair, and a token that is not a JWT, without echoing it", () => {
    const { transport } = recording();
    expect(() => new Client({ ...opts, token: presigned, transport })).toThrow(/either token or apiKey/);
    const make = () => new Client({ host: "http://x", token: "Bearer abc\r\nx: y", transport });
    expect(make).toThrow(ConfigError);
    expect(make).not.toThrow(/abc/);
  });
});

describe("calls", () => {
  it("reuses one signed token per grant set and a fresh request id per call", async () => {
    const { transport, requests } = recording();
    const client = new Client({ ...opts, transport });
    await RoomService.createRoom(client, "a");
    await RoomService.createRoom(client, "b");
    await RoomService.updateRoomMetadata(client, "a", "m");
    expect(requests[0]?.headers.authorization).toBe(requests[1]?.headers.authorization);
    expect(requests[2]?.headers.authorization).not.toBe(requests[0]?.headers.authorization);
    expect(requests[0]?.headers["x-livekit-request-id"]).not.toBe(
      requests[1]?.headers["x-livekit-request-id"],
    );
    const claims = JSON.parse(atob((requests[2]?.headers.authorization ?? "").split(".")[1] ?? ""));
    expect(claims.video).toEqual({ roomAdmin: true, room: "a" });
    expect(claims.iss).toBe("key");
  });

  it("merges client and call headers, with per-call ones winning", async () => {
    const { transport, requests } = recording();
    const client = new Client({ ...opts, transport, headers: { "x-a": "1", "x-b": "1" } });
    await RoomService.createRoom(client, "a", {}, { headers: { "x-b": "2" } });
    expect(requests[0]?.headers).toMatchObject({ "x-a": "1", "x-b": "2" });
  });

  it("runs interceptors in order around each attempt", async () => {
    const { transport } = recording();
    const log: string[] = [];
    const client = new Client({
      ...opts,
      transport,
      interceptors: [
        (next) => async (req) => {
          log.push(`outer ${req.service}/${req.rpc} #${req.attempt}`);
          return next(req);
        },
        (next) => async (req) => {
          log.push("inner");
          const res = await next(req);
          log.push(`status ${res.status}`);
          return res;
        },
      ],
    });
    await RoomService.createRoom(client, "a");
    expect(log).toEqual(["outer livekit.RoomService/CreateRoom #1", "inner", "status 200"]);
  });

  it("wraps an untyped transport failure", async () => {
    const client = new Client({
      ...opts,
      transport: { request: () => Promise.reject(new TypeError("boom")) },
      retry: false,
    });
    const error = await RoomService.deleteRoom(client, "a").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: "network_error" });
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });
});

describe("errors", () => {
  it("instanceof holds across copies through the brand", () => {
    const foreign = Object.create(null) as object;
    Object.defineProperty(foreign, Symbol.for("@exlivekit/server-sdk/error"), { value: "TwirpError" });
    expect(foreign instanceof TwirpError).toBe(true);
    expect(foreign instanceof LiveKitError).toBe(true);
    expect(foreign instanceof TransportError).toBe(false);
    expect({} instanceof LiveKitError).toBe(false);
  });
});

describe("deadlines", () => {
  it("an unbounded timeout is clamped to what timers support", async () => {
    const { transport, requests } = recording();
    const client = new Client({ ...opts, transport });
    await RoomService.createRoom(client, "a", {}, { timeoutMs: Number.POSITIVE_INFINITY });
    expect(requests[0]?.timeoutMs).toBeLessThanOrEqual(2_147_483_647);
    expect(requests[0]?.headers["x-twirp-timeout-ms"]).toMatch(/^\d+$/);
  });

  it("rejects a non-positive per-call timeout before sending", async () => {
    const { transport, requests } = recording();
    const client = new Client({ ...opts, transport });
    await expect(RoomService.createRoom(client, "a", {}, { timeoutMs: 0 })).rejects.toMatchObject({
      code: "invalid_argument",
      argument: "timeoutMs",
    });
    expect(requests).toHaveLength(0);
  });
});

describe("close()", () => {
  it("closes the transport once and makes later calls fail fast", async () => {
    let closes = 0;
    const { transport, requests } = recording();
    const client = new Client({ ...opts, transport: { ...transport, close: () => void closes++ } });
    await Promise.all([client.close(), client.close()]);
    expect(closes).toBe(1);
    await expect(RoomService.listRooms(client)).rejects.toMatchObject({ code: "client_closed" });
    expect(requests).toHaveLength(0);
  });
});
