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
