// The conformance suite every transport must pass. Each transport's tests import it:
//   import { faultConformance } from "../../server-sdk/test/conformance.ts";
//   faultConformance({ name: "undici", make: (o) => undiciTransport(o) });
// Every scenario must end in success (possibly after a retry) or the right typed error: never a hang,
// an unhandled rejection, or a socket or timer left behind.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ClientOptions, Transport } from "../src/index.ts";
import { Client, MalformedResponseError, RoomService, TransportError, TwirpError } from "../src/index.ts";
import { jsonFormat } from "../src/json-format.ts";
import { closedPort, ECHOED_TOKEN, type FaultServer, startFaultServer } from "./fault-server.ts";

/** A transport under test. */
export interface ConformanceTarget {
  /** Shown in test names. */
  readonly name: string;
  /** Builds a fresh transport; `timeout` is the transport's default deadline in ms. */
  make(options?: { timeout?: number }): Transport;
  /** True when `close()` releases the transport's sockets (a pooled transport). */
  readonly ownsConnections: boolean;
}

const API_KEY = "conformance-key";
const API_SECRET = "conformance-secret-that-is-long-enough-32";

/** Builds a client for a scenario of the fault server. */
function clientFor(
  server: FaultServer,
  scenario: string,
  transport: Transport,
  extra: Partial<ClientOptions> = {},
): Client {
  return new Client({
    host: server.host(scenario),
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    transport,
    retry: { initialDelayMs: 5, maxDelayMs: 2_000 },
    ...extra,
  });
}

function count(kind: string): number {
  return process.getActiveResourcesInfo().filter((r) => r === kind).length;
}

async function settle<T>(p: Promise<T>): Promise<{ value?: T; error?: unknown; ms: number }> {
  const start = performance.now();
  try {
    const value = await p;
    return { value, ms: performance.now() - start };
  } catch (error) {
    return { error, ms: performance.now() - start };
  }
}

/** Fault-injection conformance against a local misbehaving HTTP server. */
export function faultConformance(target: ConformanceTarget): void {
  describe(`${target.name} transport conformance (fault injection)`, () => {
    let server: FaultServer;
    let transport: Transport;
    const clients: Client[] = [];
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);

    beforeAll(async () => {
      server = await startFaultServer();
      process.on("unhandledRejection", onUnhandled);
    });
    afterAll(async () => {
      process.off("unhandledRejection", onUnhandled);
      await server.close();
    });
    let timersBefore = 0;
    beforeEach(() => {
      timersBefore = count("Timeout");
    });
    // Every scenario, success or failure, must leave nothing behind once its client is closed.
    afterEach(async () => {
      await Promise.all(clients.splice(0).map((c) => c.close()));
      await transport?.close?.();
      if (target.ownsConnections) {
        for (let i = 0; i < 50 && server.openSockets() > 0; i++) await new Promise((r) => setTimeout(r, 20));
        expect(server.openSockets(), "server-side sockets still open after close()").toBe(0);
      }
      expect(count("Timeout"), "timers left behind").toBeLessThanOrEqual(timersBefore);
      server.reset();
      expect(unhandled).toEqual([]);
    });

    function client(scenario: string, extra: Partial<ClientOptions> = {}, transportTimeout?: number): Client {
      transport = target.make(transportTimeout === undefined ? {} : { timeout: transportTimeout });
      const c = clientFor(server, scenario, transport, extra);
      clients.push(c);
      return c;
    }

    it("decodes a protobuf response and sends auth, content type, deadline and request id", async () => {
      const rooms = await RoomService.listRooms(client("ok"), { names: ["r1"] }, { timeoutMs: 5_000 });
      expect(rooms.map((r) => r.name)).toEqual(["r1"]);
      expect(rooms[0]?.creationTime).toBe(1700000000n);
      const [seen] = server.seen("ok");
      expect(seen?.path).toBe("/twirp/livekit.RoomService/ListRooms");
      expect(seen?.headers.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
      expect(seen?.headers["content-type"]).toBe("application/protobuf");
      const deadline = Number(seen?.headers["x-twirp-timeout-ms"]);
      expect(deadline).toBeGreaterThan(4_000);
      expect(deadline).toBeLessThanOrEqual(5_000);
      expect(seen?.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    });

    it("decodes a JSON response (snake_case, int64 as string, unknown fields ignored)", async () => {
      const rooms = await RoomService.listRooms(client("json", { format: jsonFormat }));
      expect(rooms[0]?.creationTime).toBe(1700000000n);
      expect(rooms[0]?.metadata).toBe("m");
      const [seen] = server.seen("json");
      expect(seen?.headers["content-type"]).toBe("application/json");
      expect(JSON.parse(seen?.body.toString() ?? "")).toEqual({});
    });

    it("connection refused: typed, not sent, retried, then rejected", async () => {
      const port = await closedPort();
      transport = target.make();
      const attempts: number[] = [];
      const c = new Client({
        host: `http://127.0.0.1:${port}`,
        apiKey: API_KEY,
        apiSecret: API_SECRET,
        transport,
        retry: { initialDelayMs: 5 },
        interceptors: [
          (next) => (req) => {
            attempts.push(req.attempt);
            return next(req);
          },
        ],
      });
      clients.push(c);
      const { error } = await settle(RoomService.createRoom(c, "x"));
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toMatchObject({ code: "connection_refused", requestSent: false, retryable: true });
      expect((error as Error).cause).toBeDefined();
      expect(attempts).toEqual([1, 2, 3]);
    });

    it("reset before the response: a read-only call succeeds after one retry", async () => {
      const rooms = await RoomService.listRooms(client("reset-once"));
      expect(rooms).toHaveLength(1);
      const seen = server.seen("reset-once");
      expect(seen).toHaveLength(2);
      expect(seen[0]?.headers["x-request-id"]).toBe(seen[1]?.headers["x-request-id"]);
    });

    it("reset before the response: a mutating call is not retried", async () => {
      const { error } = await settle(RoomService.createRoom(client("reset-once"), "x"));
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toMatchObject({ code: "connection_reset" });
      expect(server.seen("reset-once")).toHaveLength(1);
    });

    it("reset mid-body: connection_reset", async () => {
      const { error } = await settle(RoomService.listRooms(client("reset-mid-body", { retry: false })));
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toMatchObject({ code: "connection_reset" });
    });

    it("stalled headers: times out at the call deadline", async () => {
      const { error, ms } = await settle(
        RoomService.listRooms(client("stall"), undefined, { timeoutMs: 300 }),
      );
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toMatchObject({ code: "timeout" });
      expect(ms).toBeGreaterThanOrEqual(250);
      expect(ms).toBeLessThan(2_000);
      expect(server.seen("stall")).toHaveLength(1);
    });

    it("stalled headers: the transport's default timeout applies when nothing else is set", async () => {
      const { error, ms } = await settle(RoomService.listRooms(client("stall", {}, 250)));
      expect(error).toMatchObject({ code: "timeout" });
      expect(ms).toBeLessThan(2_000);
      expect(Number(server.seen("stall")[0]?.headers["x-twirp-timeout-ms"])).toBeLessThanOrEqual(250);
    });

    it("429 with Retry-After: waits that long, then succeeds", async () => {
      const { value, ms } = await settle(RoomService.createRoom(client("429-then-ok"), "x"));
      expect(value).toBeDefined();
      expect(ms).toBeGreaterThanOrEqual(950);
      expect(server.seen("429-then-ok")).toHaveLength(2);
    });

    it("429 with a Retry-After beyond the policy: rejected at once as resource_exhausted", async () => {
      const { error, ms } = await settle(RoomService.createRoom(client("429-long"), "x"));
      expect(error).toBeInstanceOf(TwirpError);
      expect(error).toMatchObject({ code: "resource_exhausted", status: 429, retryable: true });
      expect(ms).toBeLessThan(1_000);
    });

    it("503 unavailable: retried up to maxAttempts, then typed with status, msg, meta", async () => {
      const { error } = await settle(RoomService.createRoom(client("503"), "x"));
      expect(error).toBeInstanceOf(TwirpError);
      expect(error).toMatchObject({
        code: "unavailable",
        status: 503,
        msg: "try later",
        meta: { hint: "x" },
        retryable: true,
      });
      expect(server.seen("503")).toHaveLength(3);
    });

    it("503 then 200 succeeds; retry: false sends once", async () => {
      await expect(RoomService.createRoom(client("503-then-ok"), "x")).resolves.toBeDefined();
      server.reset();
      const { error } = await settle(RoomService.createRoom(client("503", { retry: false }), "x"));
      expect(error).toMatchObject({ code: "unavailable" });
      expect(server.seen("503")).toHaveLength(1);
    });

    it("500 is retried for read-only calls only", async () => {
      await expect(RoomService.listRooms(client("500-then-ok"))).resolves.toHaveLength(1);
      server.reset();
      const { error } = await settle(RoomService.createRoom(client("500-then-ok"), "x"));
      expect(error).toMatchObject({ code: "internal", status: 500, retryable: false });
    });

    it("plain-text 401 keeps its status and never shows the token", async () => {
      const { error } = await settle(RoomService.listRooms(client("401-text")));
      expect(error).toBeInstanceOf(TwirpError);
      expect(error).toMatchObject({ code: "unauthenticated", status: 401 });
      const text = `${(error as Error).message} ${JSON.stringify(error)}`;
      expect(text).not.toContain(ECHOED_TOKEN);
      expect(text).not.toContain(API_SECRET);
      expect(text).toContain("signature is invalid");
      expect(server.seen("401-text")).toHaveLength(1);
    });

    it("Twirp 404 and non-Twirp 502 are typed", async () => {
      const notFound = await settle(RoomService.getParticipant(client("404", { retry: false }), "r", "p"));
      expect(notFound.error).toMatchObject({ code: "not_found", status: 404, msg: "room not found" });
      const gateway = await settle(RoomService.createRoom(client("502-html", { retry: false }), "x"));
      expect(gateway.error).toMatchObject({ code: "unavailable", status: 502 });
    });

    it("undecodable 200 bodies are MalformedResponseError", async () => {
      const truncated = await settle(RoomService.listRooms(client("truncated")));
      expect(truncated.error).toBeInstanceOf(MalformedResponseError);
      expect(truncated.error).toMatchObject({ code: "malformed_response", status: 200 });
      const html = await settle(RoomService.listRooms(client("html-200")));
      expect(html.error).toBeInstanceOf(MalformedResponseError);
      expect(server.seen("truncated")).toHaveLength(1);
    });

    it("a 10 MB body arrives whole", async () => {
      const rooms = await RoomService.listRooms(client("big"));
      expect(rooms[0]?.metadata.length).toBe(10 * 1024 * 1024);
    });

    it("a slow body within the deadline succeeds; one beyond it times out", async () => {
      await expect(
        RoomService.listRooms(client("slow-body"), undefined, { timeoutMs: 10_000 }),
      ).resolves.toHaveLength(1);
      const { error, ms } = await settle(
        RoomService.listRooms(client("very-slow-body"), undefined, { timeoutMs: 300 }),
      );
      expect(error).toMatchObject({ code: "timeout" });
      expect(ms).toBeLessThan(2_000);
    });

    it("abort mid-flight rejects promptly with aborted and is not retried", async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const { error, ms } = await settle(
        RoomService.listRooms(client("stall"), undefined, { signal: controller.signal }),
      );
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toMatchObject({ code: "aborted" });
      expect(ms).toBeLessThan(1_000);
      expect(server.seen("stall")).toHaveLength(1);
    });

    it("an already-aborted signal sends nothing", async () => {
      const { error } = await settle(
        RoomService.listRooms(client("ok"), undefined, { signal: AbortSignal.abort() }),
      );
      expect(error).toMatchObject({ code: "aborted" });
      expect(server.seen("ok")).toHaveLength(0);
    });

    it("invalid arguments are rejected before sending", async () => {
      const c = client("ok");
      await expect(RoomService.createRoom(c, "")).rejects.toMatchObject({
        code: "invalid_argument",
        argument: "name",
      });
      await expect(
        RoomService.createRoom(c, "x", { emptyTimeout: "soon" as unknown as number }),
      ).rejects.toMatchObject({
        code: "invalid_argument",
      });
      await expect(RoomService.getParticipant(c, "r", 5 as unknown as string)).rejects.toMatchObject({
        argument: "identity",
      });
      expect(server.seen("ok")).toHaveLength(0);
    });

    it("leaves no timer or socket behind after close()", async () => {
      const timersBefore = count("Timeout");
      const socketsBefore = count("TCPSocketWrap");
      const c = client("ok");
      await Promise.all(Array.from({ length: 20 }, () => RoomService.listRooms(c)));
      await settle(RoomService.listRooms(client("stall"), undefined, { timeoutMs: 100 }));
      await c.close();
      await transport.close?.();
      for (const other of clients) await other.close();
      if (target.ownsConnections) {
        for (let i = 0; i < 50 && server.openSockets() > 0; i++) await new Promise((r) => setTimeout(r, 20));
        expect(server.openSockets()).toBe(0);
        expect(count("TCPSocketWrap")).toBeLessThanOrEqual(socketsBefore);
      }
      expect(count("Timeout")).toBeLessThanOrEqual(timersBefore);
    });
  });
}
