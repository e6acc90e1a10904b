import { createServer as createTcpServer, type Socket, type Server as TcpServer } from "node:net";
import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, ConfigError, RoomService } from "../../server-sdk/src/index.ts";
import { type FaultServer, startFaultServer } from "../../server-sdk/test/fault-server.ts";
import { undiciTransport } from "../src/index.ts";

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());

describe("undiciTransport options", () => {
  it("validates options and exposes the default timeout", () => {
    expect(() => undiciTransport({ connections: 0 })).toThrow(ConfigError);
    expect(() => undiciTransport({ connectTimeout: -5 })).toThrow(/connectTimeout/);
    expect(undiciTransport().timeoutMs).toBe(30_000);
    expect(undiciTransport({ timeout: 5_000 }).timeoutMs).toBe(5_000);
  });

  it("never opens more sockets than `connections`", async () => {
    const client = new Client({
      host: server.host("slow-body"),
      apiKey: "k",
      apiSecret: "s",
      transport: undiciTransport({ connections: 2 }),
    });
    let peak = 0;
    const poll = setInterval(() => {
      peak = Math.max(peak, server.openSockets());
    }, 5);
    try {
      await Promise.all(Array.from({ length: 6 }, () => RoomService.listRooms(client)));
    } finally {
      clearInterval(poll);
      await client.close();
    }
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(2);
  });

  it("sends through a caller's dispatcher and leaves it open on close()", async () => {
    const agent = new Agent({ connections: 1 });
    const dispatched: string[] = [];
    const dispatcher = agent.compose((dispatch) => (opts, handler) => {
      dispatched.push(`${opts.origin}${opts.path}`);
      return dispatch(opts, handler);
    });
    const client = new Client({
      host: server.host("ok"),
      apiKey: "k",
      apiSecret: "s",
      transport: undiciTransport({ dispatcher }),
    });
    await RoomService.listRooms(client);
    await client.close();
    expect(dispatched).toEqual([`${server.url}/ok/twirp/livekit.RoomService/ListRooms`]);
    expect(agent.closed).toBe(false);
    await agent.close();
  });

  it("rejects requests after close() with a typed error", async () => {
    const transport = undiciTransport();
    const client = new Client({ host: server.host("ok"), apiKey: "k", apiSecret: "s", transport });
    await RoomService.listRooms(client);
    await client.close();
    await expect(RoomService.listRooms(client)).rejects.toMatchObject({ code: "client_closed" });
    const direct = transport.request({
      url: `${server.host("ok")}/twirp/livekit.RoomService/ListRooms`,
      method: "POST",
      headers: {},
      body: new Uint8Array(),
      timeoutMs: 1_000,
    });
    await expect(direct).rejects.toMatchObject({ code: "network_error", requestSent: false });
  });
});

describe("undiciTransport requests", () => {
  const request = (url: string, signal?: AbortSignal) => ({
    url,
    method: "POST",
    headers: {},
    body: new Uint8Array(),
    timeoutMs: 1_000,
    ...(signal === undefined ? {} : { signal }),
  });
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error("expected a rejection");
      },
      (error: unknown) => error as Error & { code: string },
    );

  it.each([
    ["connections", 0],
    ["timeout", -1],
    ["connectTimeout", Number.NaN],
    ["keepAliveTimeout", Number.POSITIVE_INFINITY],
    ["pipelining", "2" as unknown as number],
  ] as const)("refuses %s %s", (name, value) => {
    const make = () => undiciTransport({ [name]: value });
    expect(make).toThrow(`undiciTransport: ${name} must be a positive number, got ${String(value)}`);
    expect(make).toThrow(expect.objectContaining({ code: "invalid_config" }));
  });

  it("refuses a maxResponseBytes that is not a positive integer, naming the transport", () => {
    expect(() => undiciTransport({ maxResponseBytes: 1.5 })).toThrow(
      "undiciTransport: maxResponseBytes must be a positive integer, got 1.5",
    );
  });

  it("close() twice is fine, pools included", async () => {
    const transport = undiciTransport();
    await transport.request(request(`${server.url}/ok/twirp/livekit.RoomService/ListRooms`));
    await transport.close?.();
    await expect(transport.close?.()).resolves.toBeUndefined();
  });

  it("a closed transport refuses requests, unsent", async () => {
    const transport = undiciTransport();
    await transport.close?.();
    expect(await failure(transport.request(request(`${server.url}/ok/`)))).toMatchObject({
      code: "network_error",
      requestSent: false,
      message: "undiciTransport is closed; create a new one",
    });
  });

  it("an unparsable URL is a network_error that sent nothing", async () => {
    const error = await failure(undiciTransport().request(request("not a url")));
    expect(error).toMatchObject({
      code: "network_error",
      requestSent: false,
      message: "invalid request URL",
    });
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it("an already-aborted signal sends nothing", async () => {
    const dispatched: string[] = [];
    const dispatcher = new Agent().compose((dispatch) => (opts, handler) => {
      dispatched.push(String(opts.path));
      return dispatch(opts, handler);
    });
    const error = await failure(
      undiciTransport({ dispatcher }).request(request(`${server.host("ok")}/x?y=1`, AbortSignal.abort())),
    );
    expect(error).toMatchObject({
      code: "aborted",
      requestSent: false,
      message: `request to ${server.url} was aborted`,
    });
    expect(dispatched).toEqual([]);
  });

  it("sends path and query to the URL's origin, and close() twice is fine", async () => {
    const dispatched: string[] = [];
    const agent = new Agent();
    const dispatcher = agent.compose((dispatch) => (opts, handler) => {
      dispatched.push(`${opts.origin} ${opts.path}`);
      return dispatch(opts, handler);
    });
    const transport = undiciTransport({ dispatcher });
    const url = `${server.host("ok")}/twirp/livekit.RoomService/ListRooms?x=1`;
    await transport.request(request(url));
    await transport.request(request(url));
    expect(dispatched).toEqual([
      `${server.url} /ok/twirp/livekit.RoomService/ListRooms?x=1`,
      `${server.url} /ok/twirp/livekit.RoomService/ListRooms?x=1`,
    ]);
    await transport.close?.();
    await transport.close?.();
    await agent.close();
  });
});

describe("undiciTransport and a connection cut before the request", () => {
  // A TLS endpoint whose TCP accept is followed by a reset: the handshake never completes, so undici never
  // writes the request. That is provably unsent, unlike a reset after the request went out.
  let cutter: TcpServer;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    cutter = createTcpServer((socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {});
      socket.resetAndDestroy();
    });
    await new Promise<void>((resolve) => cutter.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => cutter.close(resolve));
  });
  const cutUrl = () => `https://127.0.0.1:${(cutter.address() as { port: number }).port}`;

  it("a reset during the TLS handshake is connection_reset with requestSent false", async () => {
    const transport = undiciTransport();
    try {
      const error = await transport
        .request({
          url: `${cutUrl()}/twirp/livekit.RoomService/SendData`,
          method: "POST",
          headers: {},
          body: new Uint8Array([1]),
          timeoutMs: 5_000,
        })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toMatchObject({ code: "connection_reset", requestSent: false });
    } finally {
      await transport.close?.();
    }
  });

  it("an unsafe call cut before it was written goes to the next host, once; cut after, it goes nowhere", async () => {
    server.reset();
    const client = (first: string) =>
      new Client({
        hosts: [first, server.host("ok")],
        apiKey: "k",
        apiSecret: "s",
        transport: undiciTransport(),
      });
    const unsent = client(cutUrl());
    try {
      await RoomService.sendData(unsent, "room", "hello");
    } finally {
      await unsent.close();
    }
    expect(server.seen("ok")).toHaveLength(1);

    // The control: reset-once drops the socket after reading the request, which may have been acted on.
    const sent = client(server.host("reset-once"));
    try {
      const error = await RoomService.sendData(sent, "room", "hello").then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: "connection_reset", requestSent: true });
    } finally {
      await sent.close();
    }
    expect(server.seen("reset-once")).toHaveLength(1);
    expect(server.seen("ok")).toHaveLength(1);
  });
});
