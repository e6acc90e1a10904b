import { create, toBinary } from "@bufbuild/protobuf";
import { RoomSchema } from "@exlivekit/protocol/models";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Client } from "./client.ts";
import { InvalidArgumentError, TransportError, TwirpError } from "./errors.ts";
import { EgressService } from "./services/egress.ts";
import { RoomService } from "./services/room.ts";
import { SipService } from "./services/sip.ts";
import type { InterceptedRequest, Transport, TransportRequest, TransportResponse } from "./transport.ts";

const opts = { host: "http://127.0.0.1:1", apiKey: "key", apiSecret: "secret-secret-secret-secret-secret-1" };
const enc = new TextEncoder();
const ROOM = toBinary(RoomSchema, create(RoomSchema, { name: "r" }));

function scripted(answer: (req: TransportRequest, n: number) => Promise<TransportResponse>) {
  const requests: TransportRequest[] = [];
  const transport: Transport = {
    request: (req) => {
      requests.push({ ...req, headers: { ...req.headers } });
      return answer(req, requests.length);
    },
  };
  return { transport, requests };
}

const ok = async (): Promise<TransportResponse> => ({
  status: 200,
  headers: { "content-type": "application/protobuf" },
  body: ROOM,
});
const twirp = (status: number, code: string, headers: Record<string, string> = {}) =>
  (async () => ({
    status,
    headers: { "content-type": "application/json", ...headers },
    body: enc.encode(JSON.stringify({ code, msg: `${code} from the server` })),
  })) as () => Promise<TransportResponse>;

describe("request headers", () => {
  it("one X-Livekit-Request-Id per logical call, the same on every retry; a User-Agent naming SDK and runtime", async () => {
    const { transport, requests } = scripted((_req, n) => (n === 1 ? twirp(503, "unavailable")() : ok()));
    const client = new Client({ ...opts, transport, retry: { initialDelayMs: 1 } });
    await RoomService.listRooms(client);
    await RoomService.listRooms(client);
    const ids = requests.map((r) => r.headers["x-livekit-request-id"]);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids).toEqual([ids[0], ids[0], ids[2]]);
    expect(ids[2]).not.toBe(ids[0]);
    expect(requests[0]?.headers["user-agent"]).toMatch(/^exlivekit-server-sdk\/\S+ node\/\d+\.\d+\.\d+$/);
  });

  it("a caller's request id is sent as given", async () => {
    const { transport, requests } = scripted(ok);
    const client = new Client({ ...opts, transport });
    await RoomService.listRooms(client, {}, { headers: { "X-Livekit-Request-Id": "mine-1" } });
    expect(requests[0]?.headers["x-livekit-request-id"]).toBe("mine-1");
  });

  it("merges names case-insensitively, the call's winning", async () => {
    const { transport, requests } = scripted(ok);
    const client = new Client({ ...opts, transport, headers: { "X-Tenant": "a", "x-b": "1" } });
    await RoomService.listRooms(client, {}, { headers: { "x-tenant": "b" } });
    const sent = requests[0]?.headers ?? {};
    expect(sent["x-tenant"]).toBe("b");
    expect(sent["x-b"]).toBe("1");
    expect(Object.keys(sent).filter((k) => k.toLowerCase() === "x-tenant")).toEqual(["x-tenant"]);
  });

  it("refuses headers that would replace authorization or content-type, in any case", async () => {
    const { transport, requests } = scripted(ok);
    expect(() => new Client({ ...opts, transport, headers: { Authorization: "Bearer x" } })).toThrow(
      InvalidArgumentError,
    );
    const client = new Client({ ...opts, transport });
    for (const name of ["Authorization", "authorization", "Content-Type", "X-Twirp-Timeout-Ms"]) {
      await expect(RoomService.listRooms(client, {}, { headers: { [name]: "x" } })).rejects.toBeInstanceOf(
        InvalidArgumentError,
      );
    }
    expect(requests).toHaveLength(0);
  });

  it("a malformed header is an InvalidArgumentError before sending, never a retried network error", async () => {
    const { transport, requests } = scripted(ok);
    expect(() => new Client({ ...opts, transport, headers: { "x-a": "line\r\nbreak" } })).toThrow(
      InvalidArgumentError,
    );
    const client = new Client({ ...opts, transport });
    for (const headers of [
      { "x-a": "v\n" },
      { "bad name": "v" },
      { "x-a": "\u0100" },
      { "x-a": 5 as unknown as string },
      { "X-A": "1", "x-a": "2" },
    ]) {
      await expect(RoomService.listRooms(client, {}, { headers })).rejects.toMatchObject({
        code: "invalid_argument",
      });
    }
    expect(requests).toHaveLength(0);
  });
});

describe("retry classes", () => {
  it("a bare 503 on an unsafe call is sent once; on a safe call it is retried", async () => {
    const unsafe = scripted(twirp(503, "unavailable"));
    const c1 = new Client({ ...opts, transport: unsafe.transport, retry: { initialDelayMs: 1 } });
    await expect(SipService.createSipParticipant(c1, "ST_1", "+1", "room")).rejects.toMatchObject({
      code: "unavailable",
    });
    await expect(RoomService.sendData(c1, "room", new Uint8Array([1]))).rejects.toMatchObject({
      code: "unavailable",
    });
    expect(unsafe.requests).toHaveLength(2);

    const safe = scripted(twirp(503, "unavailable"));
    const c2 = new Client({ ...opts, transport: safe.transport, retry: { initialDelayMs: 1 } });
    await expect(RoomService.createRoom(c2, "room")).rejects.toMatchObject({ code: "unavailable" });
    expect(safe.requests).toHaveLength(3);
  });

  it("an unsafe call is retried after a refused connection and after 429 with Retry-After", async () => {
    const refused = scripted(async (_r, n) => {
      if (n === 1) throw new TransportError("connection_refused", "refused", { requestSent: false });
      return ok();
    });
    const c1 = new Client({ ...opts, transport: refused.transport, retry: { initialDelayMs: 1 } });
    await RoomService.performRpc(c1, "room", "p", "m", "x");
    expect(refused.requests).toHaveLength(2);

    const limited = scripted((_r, n) =>
      n === 1 ? twirp(429, "resource_exhausted", { "retry-after": "0" })() : ok(),
    );
    const c2 = new Client({ ...opts, transport: limited.transport, retry: { initialDelayMs: 1 } });
    await RoomService.performRpc(c2, "room", "p", "m", "x");
    expect(limited.requests).toHaveLength(2);

    const bare429 = scripted(twirp(429, "resource_exhausted"));
    const c3 = new Client({ ...opts, transport: bare429.transport, retry: { initialDelayMs: 1 } });
    await expect(RoomService.performRpc(c3, "room", "p", "m", "x")).rejects.toMatchObject({ status: 429 });
    expect(bare429.requests).toHaveLength(1);
  });

  it("a reset after sending is retried on a safe call only", async () => {
    const reset = async (_r: TransportRequest, n: number) => {
      if (n === 1) throw new TransportError("connection_reset", "reset");
      return ok();
    };
    const safe = scripted(reset);
    await RoomService.listRooms(
      new Client({ ...opts, transport: safe.transport, retry: { initialDelayMs: 1 } }),
    );
    expect(safe.requests).toHaveLength(2);
    const unsafe = scripted(reset);
    const c = new Client({ ...opts, transport: unsafe.transport, retry: { initialDelayMs: 1 } });
    await expect(
      EgressService.startRoomCompositeEgress(c, "room", { file: { filepath: "x.mp4" } }),
    ).rejects.toMatchObject({ code: "connection_reset" });
    expect(unsafe.requests).toHaveLength(1);
  });

  it("a call's retry option overrides the client's policy", async () => {
    const once = scripted(twirp(503, "unavailable"));
    const c1 = new Client({ ...opts, transport: once.transport, retry: { initialDelayMs: 1 } });
    await expect(RoomService.listRooms(c1, {}, { retry: false })).rejects.toMatchObject({
      code: "unavailable",
    });
    expect(once.requests).toHaveLength(1);
    const more = scripted(twirp(503, "unavailable"));
    const c2 = new Client({ ...opts, transport: more.transport, retry: false });
    await expect(
      RoomService.listRooms(c2, {}, { retry: { maxAttempts: 4, initialDelayMs: 1 } }),
    ).rejects.toMatchObject({ code: "unavailable" });
    expect(more.requests).toHaveLength(4);
  });
});

describe("deadlines", () => {
  it("no retry starts when the rest of the deadline cannot hold an attempt; the server's 503 is reported", async () => {
    // Each attempt takes 300 ms to fail with 503 (a Start*Egress with no worker, a busy node); the
    // deadline is 500 ms: a second attempt cannot finish, so the caller gets the 503 at once, not a timeout.
    const slow = scripted(async () => {
      await new Promise((r) => setTimeout(r, 300));
      return twirp(503, "unavailable")();
    });
    const client = new Client({ ...opts, transport: slow.transport, retry: { initialDelayMs: 1 } });
    const started = Date.now();
    const error = await RoomService.listRooms(client, {}, { timeoutMs: 500 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TwirpError);
    expect(error).toMatchObject({ code: "unavailable", status: 503 });
    expect(slow.requests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(450);
  });

  it("an attempt that runs out of time after an informative failure reports the failure", async () => {
    const mixed = scripted(async (req, n) => {
      if (n === 1) return twirp(503, "unavailable")();
      await new Promise((r) => setTimeout(r, req.timeoutMs + 5));
      throw new TransportError("timeout", "timed out");
    });
    const client = new Client({ ...opts, transport: mixed.transport, retry: { initialDelayMs: 1 } });
    const error = await RoomService.listRooms(client, {}, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "unavailable", status: 503 });
    expect(mixed.requests).toHaveLength(2);
  });

  it("performRpc's response timeout gets a call deadline that outlives it", async () => {
    const { transport, requests } = scripted(ok);
    const client = new Client({ ...opts, transport });
    await RoomService.performRpc(client, "room", "p", "m", "x", { responseTimeoutMs: 60_000 });
    expect(requests[0]?.timeoutMs).toBeGreaterThan(60_000);
    expect(Number(requests[0]?.headers["x-twirp-timeout-ms"])).toBeGreaterThan(60_000);
    await RoomService.performRpc(
      client,
      "room",
      "p",
      "m",
      "x",
      { responseTimeoutMs: 60_000 },
      { timeoutMs: 5_000 },
    );
    expect(requests[1]?.timeoutMs).toBeLessThanOrEqual(5_000);
    await RoomService.listRooms(client);
    expect(requests[2]?.timeoutMs).toBeLessThanOrEqual(30_000);
  });
});

describe("close()", () => {
  it("rejects calls in flight and waiting to retry with client_closed, promptly", async () => {
    let closedTransport = 0;
    const transport: Transport = {
      request: (req) =>
        new Promise((_resolve, reject) => {
          if (req.url.endsWith("/ListRooms")) {
            reject(new TransportError("connection_refused", "refused", { requestSent: false }));
            return;
          }
          req.signal?.addEventListener("abort", () => reject(new TransportError("aborted", "aborted")));
        }),
      close: () => void closedTransport++,
    } as Transport;
    const client = new Client({ ...opts, transport, retry: { initialDelayMs: 5_000, maxDelayMs: 5_000 } });
    const stalled = RoomService.createRoom(client, "room").catch((e: unknown) => e);
    const backingOff = RoomService.listRooms(client).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 20));
    const started = Date.now();
    await client.close();
    const errors = await Promise.all([stalled, backingOff]);
    expect(Date.now() - started).toBeLessThan(200);
    for (const error of errors) expect(error).toMatchObject({ code: "client_closed" });
    expect(closedTransport).toBe(1);
  });
});

describe("each attempt", () => {
  it("is a POST of the same body to the RPC's URL, numbered, with the time left as its deadline", async () => {
    const seen: InterceptedRequest[] = [];
    const { transport } = scripted((_r, n) => (n < 3 ? twirp(503, "unavailable")() : ok()));
    const client = new Client({
      ...opts,
      transport,
      retry: { initialDelayMs: 1, maxDelayMs: 1 },
      interceptors: [
        (next) => (req) => {
          seen.push({ ...req, headers: { ...req.headers } });
          return next(req);
        },
      ],
    });
    await RoomService.listRooms(client, {}, { timeoutMs: 20_000 });
    expect(seen.map((r) => [r.attempt, r.method, r.url, r.endpoint, r.service, r.rpc])).toEqual(
      [1, 2, 3].map((n) => [
        n,
        "POST",
        "http://127.0.0.1:1/twirp/livekit.RoomService/ListRooms",
        "http://127.0.0.1:1",
        "livekit.RoomService",
        "ListRooms",
      ]),
    );
    expect(new Set(seen.map((r) => r.body)).size).toBe(1);
    for (const r of seen) {
      expect(r.timeoutMs).toBeLessThanOrEqual(20_000);
      expect(r.timeoutMs).toBeGreaterThan(15_000);
      // The server's deadline is 500 ms under ours, a whole number of ms.
      expect(r.headers["x-twirp-timeout-ms"]).toBe(String(Math.ceil(r.timeoutMs - 500)));
    }
  });

  it("gives the server a tenth less than a short deadline, and never less than 1 ms", async () => {
    for (const [timeoutMs, server] of [
      [2_000, (t: number) => Math.ceil(t - Math.floor(t / 10))],
      [2_000.5, (t: number) => Math.ceil(t - Math.floor(t / 10))],
      [0.5, () => 1],
    ] as const) {
      const { transport, requests } = scripted(ok);
      const client = new Client({ ...opts, transport });
      await RoomService.listRooms(client);
      await RoomService.listRooms(client, {}, { timeoutMs });
      const sent = requests[1];
      expect(sent?.headers["x-twirp-timeout-ms"]).toBe(String(server(sent?.timeoutMs ?? Number.NaN)));
    }
  });

  it("an untyped failure of a transport or interceptor is a network_error naming the RPC", async () => {
    for (const [thrown, detail] of [
      [new TypeError("boom"), "boom"],
      ["plain string", "plain string"],
    ] as const) {
      const client = new Client({
        ...opts,
        transport: { request: () => Promise.reject(thrown) },
        retry: false,
      });
      const error = await RoomService.deleteRoom(client, "a").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toMatchObject({
        code: "network_error",
        message: `livekit.RoomService/DeleteRoom failed: ${detail}`,
      });
      expect((error as Error).cause).toBe(thrown);
    }
  });
});

describe("the deadline", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("a call whose time is gone before its first attempt is a timeout naming the RPC and the deadline", async () => {
    const { transport, requests } = scripted(ok);
    const client = new Client({ ...opts, transport });
    await RoomService.listRooms(client); // signs the token, so the next call reads the clock only for its deadline
    const now = Date.now();
    vi.spyOn(Date, "now")
      .mockReturnValueOnce(now)
      .mockReturnValue(now + 100);
    const error = await RoomService.listRooms(client, {}, { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({
      code: "timeout",
      message: "livekit.RoomService/ListRooms did not complete within 100 ms",
    });
    expect(requests).toHaveLength(1);
  });

  it("a Retry-After longer than maxDelayMs is reported at once; one within it is waited for", async () => {
    const limited = scripted((_r, n) =>
      n === 1 ? twirp(429, "resource_exhausted", { "retry-after": "2" })() : ok(),
    );
    const c1 = new Client({ ...opts, transport: limited.transport, retry: { maxDelayMs: 1_999 } });
    await expect(RoomService.listRooms(c1)).rejects.toMatchObject({ status: 429 });
    expect(limited.requests).toHaveLength(1);
    const waited = scripted((_r, n) =>
      n === 1 ? twirp(429, "resource_exhausted", { "retry-after": "0.05" })() : ok(),
    );
    const c2 = new Client({ ...opts, transport: waited.transport, retry: { maxDelayMs: 50 } });
    await RoomService.listRooms(c2);
    expect(waited.requests).toHaveLength(2);
  });
});

describe("what a failed call reports", () => {
  it("its only attempt's failure, when that was a timeout", async () => {
    const timedOut = new TransportError("timeout", "request timed out");
    const client = new Client({
      ...opts,
      transport: scripted(() => Promise.reject(timedOut)).transport,
      retry: false,
    });
    expect(await RoomService.listRooms(client).catch((e: unknown) => e)).toBe(timedOut);
  });

  it("the latest answer, when no attempt merely ran out of time", async () => {
    const { transport } = scripted((_r, n) =>
      n === 1 ? twirp(503, "unavailable")() : twirp(500, "internal")(),
    );
    const client = new Client({ ...opts, transport, retry: { maxAttempts: 2, initialDelayMs: 1 } });
    expect(await RoomService.listRooms(client).catch((e: unknown) => e)).toMatchObject({
      code: "internal",
      status: 500,
    });
  });

  it("the transport's own aborted error for an abort in flight", async () => {
    const controller = new AbortController();
    const own = new TransportError("aborted", "request to the server was aborted");
    const { transport } = scripted(async () => {
      controller.abort(new Error("user"));
      throw own;
    });
    const client = new Client({ ...opts, transport });
    expect(
      await RoomService.listRooms(client, {}, { signal: controller.signal }).catch((e: unknown) => e),
    ).toBe(own);
  });

  it("aborted, whatever else the transport saw as the abort cut it off", async () => {
    const controller = new AbortController();
    const reason = new Error("user");
    const { transport } = scripted(async () => {
      controller.abort(reason);
      throw new TransportError("connection_reset", "reset");
    });
    const client = new Client({ ...opts, transport });
    const error = await RoomService.listRooms(client, {}, { signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: "aborted",
      message: "livekit.RoomService/ListRooms was aborted by the caller",
    });
    expect((error as Error).cause).toBe(reason);
  });
});

describe("retries and the deadline", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("a retry whose wait ends exactly at the deadline is not started", async () => {
    const { transport, requests } = scripted((_r, n) =>
      n <= 2 ? twirp(429, "resource_exhausted", { "retry-after": "0.001" })() : ok(),
    );
    const client = new Client({ ...opts, transport });
    // Signs the token, so that the call below reads the clock only for its deadline and its attempts.
    await expect(RoomService.listRooms(client, {}, { retry: false })).rejects.toMatchObject({ status: 429 });
    const now = Date.now();
    vi.spyOn(Date, "now").mockReturnValue(now); // the clock stands still: the attempt takes 0 ms
    await expect(RoomService.listRooms(client, {}, { timeoutMs: 1 })).rejects.toMatchObject({ status: 429 });
    expect(requests).toHaveLength(2);
  });

  it("Cloud region discovery gets the call's authorization and the time it has left", async () => {
    const regions = new TextEncoder().encode(
      JSON.stringify({ regions: [{ url: "wss://p-eu.livekit.cloud" }] }),
    );
    const { transport, requests } = scripted(async (req) => {
      if (req.method === "GET") return { status: 200, headers: {}, body: regions };
      if (req.url.startsWith("https://p.livekit.cloud/")) {
        throw new TransportError("connection_refused", "refused", { requestSent: false });
      }
      return { status: 200, headers: { "content-type": "application/protobuf" }, body: new Uint8Array() };
    });
    const client = new Client({ ...opts, host: "https://p.livekit.cloud", transport });
    await RoomService.listRooms(client, {}, { timeoutMs: 300 });
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST https://p.livekit.cloud/twirp/livekit.RoomService/ListRooms",
      "GET https://p.livekit.cloud/settings/regions",
      "POST https://p-eu.livekit.cloud/twirp/livekit.RoomService/ListRooms",
    ]);
    const [first, lookup] = requests;
    expect(lookup?.headers.authorization).toBe(first?.headers.authorization);
    expect(lookup?.headers.authorization).toMatch(/^Bearer /);
    expect(lookup?.timeoutMs).toBeLessThanOrEqual(300);
  });
});
