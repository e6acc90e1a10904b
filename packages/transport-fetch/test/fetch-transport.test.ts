import { getEventListeners } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Client, ConfigError, RoomService, type TransportError } from "../../server-sdk/src/index.ts";
import type { TransportRequest } from "../../server-sdk/src/transport.ts";
import { startFaultServer } from "../../server-sdk/test/fault-server.ts";
import { fetchTransport } from "../src/index.ts";

afterEach(() => vi.unstubAllGlobals());

describe("fetchTransport construction", () => {
  it("explains what to do when the runtime has no fetch", () => {
    vi.stubGlobal("fetch", undefined);
    const make = () => fetchTransport();
    expect(make).toThrow(ConfigError);
    expect(make).toThrow(
      "fetchTransport needs a fetch implementation, and this runtime has no global fetch. " +
        "Pass one: fetchTransport({ fetch: yourFetch }), or on Node use @exlivekit/transport-undici: " +
        'new Client({ transport: undiciTransport() })  // import { undiciTransport } from "@exlivekit/transport-undici"',
    );
    expect(() => fetchTransport()).toThrow(expect.objectContaining({ code: "invalid_config" }));
  });

  it("validates the timeout", () => {
    expect(() => fetchTransport({ timeout: 0 })).toThrow(/timeout must be a positive number/);
    expect(fetchTransport({ timeout: 1234 }).timeoutMs).toBe(1234);
    expect(fetchTransport().timeoutMs).toBe(30_000);
  });

  it("uses an injected fetch, even when the global one is missing", async () => {
    const server = await startFaultServer();
    const realFetch = globalThis.fetch;
    vi.stubGlobal("fetch", undefined);
    const urls: string[] = [];
    const transport = fetchTransport({
      fetch: (input, init) => {
        urls.push(String(input));
        return realFetch(input, init);
      },
    });
    const client = new Client({ host: server.host("ok"), apiKey: "k", apiSecret: "s", transport });
    try {
      await expect(RoomService.listRooms(client)).resolves.toHaveLength(1);
      expect(urls).toEqual([`${server.host("ok")}/twirp/livekit.RoomService/ListRooms`]);
    } finally {
      await client.close();
      await server.close();
    }
  });
});

describe("fetchTransport requests, over a scripted fetch", () => {
  const url = "http://127.0.0.1:9/twirp/livekit.RoomService/ListRooms";
  const origin = "http://127.0.0.1:9";
  const post = (extra: Partial<TransportRequest> = {}): TransportRequest => ({
    url,
    method: "POST",
    headers: { "content-type": "application/protobuf" },
    body: new Uint8Array([1, 2, 3]),
    timeoutMs: 5_000,
    ...extra,
  });
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error("expected a rejection");
      },
      (error: unknown) => error as TransportError,
    );
  /** A fetch answering from a list of chunks (a stream), recording what it was given. */
  function scripted(answer: (init: RequestInit) => Response | Promise<Response>) {
    const calls: { url: string; init: RequestInit }[] = [];
    const fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
      calls.push({ url: String(input), init });
      return answer(init);
    }) as typeof globalThis.fetch;
    return { fetch, calls };
  }
  const chunked = (chunks: number[][], headers: Record<string, string> = {}) =>
    new Response(
      new ReadableStream({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(new Uint8Array(chunk));
          controller.close();
        },
      }),
      { status: 200, headers },
    );
  const hanging = (init: RequestInit) =>
    new Promise<Response>((_resolve, reject) => {
      init.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
    });

  it("passes method, headers, body and manual redirects; a GET goes without a body", async () => {
    const { fetch, calls } = scripted(() => chunked([[7]], { "X-Answer": "yes" }));
    const transport = fetchTransport({ fetch });
    const res = await transport.request(post());
    expect(res).toEqual({ status: 200, headers: { "x-answer": "yes" }, body: new Uint8Array([7]) });
    expect(calls[0]?.url).toBe(url);
    expect(calls[0]?.init).toMatchObject({
      method: "POST",
      headers: { "content-type": "application/protobuf" },
      body: new Uint8Array([1, 2, 3]),
      redirect: "manual",
    });
    await transport.request(post({ method: "GET" }));
    expect(calls[1]?.init).toMatchObject({ method: "GET", body: null });
  });

  it("joins a body of several chunks; no body is an empty one", async () => {
    const { fetch } = scripted(() => chunked([[1, 2], [3], [4, 5]]));
    expect([...(await fetchTransport({ fetch }).request(post())).body]).toEqual([1, 2, 3, 4, 5]);
    const empty = scripted(() => new Response(null, { status: 204 }));
    expect((await fetchTransport({ fetch: empty.fetch }).request(post())).body).toEqual(new Uint8Array(0));
  });

  it("caps the body at maxResponseBytes, declared or streamed; exactly the cap is fine", async () => {
    const limit = { maxResponseBytes: 4 };
    const declared = scripted(() => chunked([[1]], { "content-length": "5" }));
    const tooLong = await failure(fetchTransport({ ...limit, fetch: declared.fetch }).request(post()));
    expect(tooLong).toMatchObject({
      code: "response_too_large",
      message: `the response from ${origin} is larger than maxResponseBytes (4 bytes); nothing more was read`,
    });
    // The request itself is aborted: nothing more is read.
    expect(declared.calls[0]?.init.signal?.aborted).toBe(true);
    const streamed = scripted(() => chunked([[1, 2], [3, 4], [5]]));
    expect(await failure(fetchTransport({ ...limit, fetch: streamed.fetch }).request(post()))).toMatchObject({
      code: "response_too_large",
    });
    expect(streamed.calls[0]?.init.signal?.aborted).toBe(true);
    const exact = scripted(() =>
      chunked(
        [
          [1, 2],
          [3, 4],
        ],
        { "content-length": "4" },
      ),
    );
    expect([...(await fetchTransport({ ...limit, fetch: exact.fetch }).request(post())).body]).toEqual([
      1, 2, 3, 4,
    ]);
  });

  it("refuses a redirect, with its status, or without one when the runtime hides it", async () => {
    const moved = scripted(
      () => new Response(null, { status: 307, headers: { location: "http://elsewhere/" } }),
    );
    expect(await failure(fetchTransport({ fetch: moved.fetch }).request(post()))).toMatchObject({
      code: "redirect",
      status: 307,
    });
    expect(moved.calls[0]?.init.signal?.aborted).toBe(true);
    const opaque = scripted(() => {
      const res = new Response(null, { status: 200 });
      Object.defineProperty(res, "type", { value: "opaqueredirect" });
      return res;
    });
    const hidden = await failure(fetchTransport({ fetch: opaque.fetch }).request(post()));
    expect(hidden).toMatchObject({ code: "redirect", status: undefined });
    expect(hidden.message).toBe(
      `${origin} answered a redirect; redirects are never followed: point the client's host at the server itself`,
    );
  });

  it("names the origin, not the path, in failures; a URL without a path is its own origin", async () => {
    const broken = scripted(() => Promise.reject(new TypeError("fetch failed")));
    const transport = fetchTransport({ fetch: broken.fetch });
    expect(await failure(transport.request(post()))).toMatchObject({
      code: "network_error",
      message: `request to ${origin} failed: fetch failed`,
    });
    expect(await failure(transport.request(post({ url: "http://h:1" })))).toMatchObject({
      message: "request to http://h:1 failed: fetch failed",
    });
  });

  it("times out at the request's deadline", async () => {
    const { fetch } = scripted(hanging);
    expect(await failure(fetchTransport({ fetch }).request(post({ timeoutMs: 20 })))).toMatchObject({
      code: "timeout",
      message: `request to ${origin} timed out after 20 ms`,
    });
  });

  it("an abort ends the request as aborted and leaves no listener on the caller's signal", async () => {
    const { fetch, calls } = scripted(hanging);
    const controller = new AbortController();
    const pending = failure(fetchTransport({ fetch }).request(post({ signal: controller.signal })));
    await new Promise((r) => setTimeout(r, 5));
    controller.abort(new Error("caller"));
    expect(await pending).toMatchObject({ code: "aborted", message: `request to ${origin} was aborted` });
    expect(calls[0]?.init.signal?.reason).toEqual(new Error("caller"));
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    const done = new AbortController();
    await fetchTransport({ fetch: scripted(() => chunked([])).fetch }).request(post({ signal: done.signal }));
    expect(getEventListeners(done.signal, "abort")).toHaveLength(0);
  });

  it("an already-aborted signal sends nothing", async () => {
    const { fetch, calls } = scripted(() => chunked([]));
    const error = await failure(fetchTransport({ fetch }).request(post({ signal: AbortSignal.abort() })));
    expect(error).toMatchObject({
      code: "aborted",
      requestSent: false,
      message: `request to ${origin} was aborted`,
    });
    expect(calls).toHaveLength(0);
  });

  it("close() ends requests in flight; later requests are refused unsent", async () => {
    const { fetch, calls } = scripted(hanging);
    const transport = fetchTransport({ fetch });
    const pending = failure(transport.request(post()));
    await new Promise((r) => setTimeout(r, 5));
    transport.close?.();
    expect(await pending).toMatchObject({
      code: "aborted",
      message: `the transport was closed while a request to ${origin} was in flight`,
    });
    expect(await failure(transport.request(post()))).toMatchObject({
      code: "network_error",
      requestSent: false,
      message: "fetchTransport is closed; create a new one",
    });
    expect(calls).toHaveLength(1);
  });

  it("calls the global fetch with the global object as this", async () => {
    const seen: unknown[] = [];
    vi.stubGlobal("fetch", function (this: unknown) {
      seen.push(this);
      return Promise.resolve(chunked([]));
    });
    await fetchTransport().request(post());
    expect(seen).toEqual([globalThis]);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, -1, "5" as unknown as number])(
    "refuses timeout %s",
    (timeout) => {
      const make = () => fetchTransport({ timeout });
      expect(make).toThrow(`fetchTransport: timeout must be a positive number, got ${String(timeout)}`);
      expect(make).toThrow(expect.objectContaining({ code: "invalid_config" }));
    },
  );

  it("refuses a maxResponseBytes that is not a positive integer, naming the transport", () => {
    expect(() => fetchTransport({ maxResponseBytes: 0 })).toThrow(
      "fetchTransport: maxResponseBytes must be a positive integer, got 0",
    );
  });

  it("calls an injected fetch as given, without binding it to anything", async () => {
    const seen: unknown[] = [];
    const fetch = function (this: unknown) {
      seen.push(this);
      return Promise.resolve(chunked([]));
    } as unknown as typeof globalThis.fetch;
    await fetchTransport({ fetch }).request(post());
    expect(seen).toEqual([undefined]);
  });

  it("a declared length past the cap is refused even without a body stream", async () => {
    const { fetch } = scripted(
      () => new Response(null, { status: 200, headers: { "content-length": "10" } }),
    );
    expect(await failure(fetchTransport({ fetch, maxResponseBytes: 4 }).request(post()))).toMatchObject({
      code: "response_too_large",
    });
  });
});
