// collectResponse over a scripted dispatcher: the handler callbacks undici would make, in the orders the
// network can produce them, and what the caller gets for each. The real undici is in the conformance suite.
import { getEventListeners } from "node:events";
import type { TransportRequest } from "@exlivekit/server-sdk/transport";
import type { Dispatcher } from "undici";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type Cancel, collectResponse } from "../src/collect-response.ts";

const origin = "http://127.0.0.1:9";
const path = "/twirp/livekit.RoomService/ListRooms";
const request = (extra: Partial<TransportRequest> = {}): TransportRequest => ({
  url: `${origin}${path}`,
  method: "POST",
  headers: { "content-type": "application/protobuf" },
  body: new Uint8Array([1, 2, 3]),
  timeoutMs: 5_000,
  ...extra,
});

interface Script {
  /** What dispatch() was given. */
  options?: Dispatcher.DispatchOptions;
  handler?: Dispatcher.DispatchHandler;
  /** Errors the request was aborted with. */
  aborted: unknown[];
  controller: Dispatcher.DispatchController;
}

/** A dispatcher that hands the handler to `play`, which makes the callbacks. */
function scripted(play: (handler: Dispatcher.DispatchHandler, script: Script) => void = () => {}) {
  const script: Script = {
    aborted: [],
    controller: {
      abort: (error: Error) => void script.aborted.push(error),
    } as Dispatcher.DispatchController,
  };
  const dispatcher = {
    dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler) {
      script.options = options;
      script.handler = handler;
      play(handler, script);
      return true;
    },
  } as unknown as Dispatcher;
  return { dispatcher, script };
}

/** Starts the request, then answers with `status`, `headers` and `chunks`. */
function answering(status: number, headers: Record<string, string>, chunks: number[][]) {
  return scripted((handler, { controller }) => {
    handler.onRequestStart?.(controller, {});
    handler.onResponseStart?.(controller, status, headers, "");
    for (const chunk of chunks) handler.onResponseData?.(controller, Buffer.from(chunk));
    handler.onResponseEnd?.(controller, {});
  });
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error as Error & { code: string },
  );

afterEach(() => {
  vi.useRealTimers();
});

describe("collectResponse", () => {
  it("dispatches origin, path, method, headers and body, and collects the answer", async () => {
    const inFlight = new Set<Cancel>();
    const { dispatcher, script } = answering(200, { "x-answer": "yes" }, [[1, 2], [3]]);
    const res = await collectResponse(dispatcher, origin, path, request(), 1024, inFlight);
    expect(script.options).toEqual({
      origin,
      path,
      method: "POST",
      headers: { "content-type": "application/protobuf" },
      body: new Uint8Array([1, 2, 3]),
    });
    expect(res.status).toBe(200);
    expect(res.headers).toEqual({ "x-answer": "yes" });
    expect([...res.body]).toEqual([1, 2, 3]);
    expect(inFlight.size).toBe(0);
    expect(script.aborted).toEqual([]);
  });

  it("a single chunk is the body as is; no chunk is an empty body", async () => {
    const one = await collectResponse(
      answering(200, {}, [[9]]).dispatcher,
      origin,
      path,
      request(),
      8,
      new Set(),
    );
    expect([...one.body]).toEqual([9]);
    const none = await collectResponse(
      answering(204, {}, []).dispatcher,
      origin,
      path,
      request(),
      8,
      new Set(),
    );
    expect(none.body).toHaveLength(0);
    expect(none.status).toBe(204);
  });

  it("refuses a redirect and drops the request", async () => {
    const { dispatcher, script } = answering(302, { location: "http://elsewhere/" }, [[1]]);
    const error = await failure(collectResponse(dispatcher, origin, path, request(), 8, new Set()));
    expect(error).toMatchObject({ code: "redirect", status: 302 });
    expect(script.aborted).toEqual([error]);
  });

  it("caps the body, declared or streamed; exactly the cap is fine", async () => {
    const declared = answering(200, { "content-length": "5" }, [[1]]);
    const error = await failure(collectResponse(declared.dispatcher, origin, path, request(), 4, new Set()));
    expect(error).toMatchObject({
      code: "response_too_large",
      message: `the response from ${origin} is larger than maxResponseBytes (4 bytes); nothing more was read`,
    });
    expect(declared.script.aborted).toEqual([error]);
    const streamed = answering(200, {}, [[1, 2], [3, 4], [5], [6]]);
    const late = await failure(collectResponse(streamed.dispatcher, origin, path, request(), 4, new Set()));
    expect(late).toMatchObject({ code: "response_too_large" });
    expect(streamed.script.aborted).toEqual([late]);
    const exact = answering(200, { "content-length": "4" }, [
      [1, 2],
      [3, 4],
    ]);
    const res = await collectResponse(exact.dispatcher, origin, path, request(), 4, new Set());
    expect([...res.body]).toEqual([1, 2, 3, 4]);
  });

  it("a response error is mapped to a typed transport error", async () => {
    const reset = Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" });
    const { dispatcher } = scripted((handler, { controller }) => {
      handler.onRequestStart?.(controller, {});
      handler.onResponseError?.(controller, reset);
    });
    const error = await failure(collectResponse(dispatcher, origin, path, request(), 8, new Set()));
    expect(error).toMatchObject({
      code: "connection_reset",
      message: `connection to ${origin} was closed before the response completed`,
      requestSent: true,
    });
    expect(error.cause).toBe(reset);
  });

  it("a failure before undici started writing the request says nothing was sent", async () => {
    // undici calls onRequestStart just before it writes; a connection reset before that (a TLS handshake
    // cut) cannot have delivered a byte, so even an unsafe call may go again.
    const reset = Object.assign(new Error("socket disconnected before TLS was established"), {
      code: "ECONNRESET",
    });
    const { dispatcher } = scripted((handler, { controller }) => {
      handler.onResponseError?.(controller, reset);
    });
    const error = await failure(collectResponse(dispatcher, origin, path, request(), 8, new Set()));
    expect(error).toMatchObject({ code: "connection_reset", requestSent: false, retryable: true });
    expect(error.cause).toBe(reset);
  });

  it("a dispatcher that throws is a typed failure too", async () => {
    const refused = Object.assign(new Error("refused"), { code: "ECONNREFUSED" });
    const dispatcher = {
      dispatch() {
        throw refused;
      },
    } as unknown as Dispatcher;
    const inFlight = new Set<Cancel>();
    const error = await failure(collectResponse(dispatcher, origin, path, request(), 8, inFlight));
    expect(error).toMatchObject({ code: "connection_refused", requestSent: false });
    expect(inFlight.size).toBe(0);
  });

  it("times out at the request's deadline and drops the request", async () => {
    const { dispatcher, script } = scripted((handler, { controller }) =>
      handler.onRequestStart?.(controller, {}),
    );
    const error = await failure(
      collectResponse(dispatcher, origin, path, request({ timeoutMs: 20 }), 8, new Set()),
    );
    expect(error).toMatchObject({ code: "timeout", message: `request to ${origin} timed out after 20 ms` });
    expect(script.aborted).toEqual([error]);
  });

  it("the caller's abort ends it at once; no listener is left on the signal", async () => {
    const controller = new AbortController();
    const { dispatcher, script } = scripted((handler, s) => handler.onRequestStart?.(s.controller, {}));
    const inFlight = new Set<Cancel>();
    const pending = failure(
      collectResponse(dispatcher, origin, path, request({ signal: controller.signal }), 8, inFlight),
    );
    expect(inFlight.size).toBe(1);
    controller.abort(new Error("caller"));
    const error = await pending;
    expect(error).toMatchObject({ code: "aborted", message: `request to ${origin} was aborted` });
    expect(error.cause).toEqual(new Error("caller"));
    expect(script.aborted).toEqual([error]);
    expect(inFlight.size).toBe(0);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);

    const done = new AbortController();
    await collectResponse(
      answering(200, {}, []).dispatcher,
      origin,
      path,
      request({ signal: done.signal }),
      8,
      new Set(),
    );
    expect(getEventListeners(done.signal, "abort")).toHaveLength(0);
  });

  it("the transport's close() ends it through the in-flight set", async () => {
    const { dispatcher } = scripted((handler, s) => handler.onRequestStart?.(s.controller, {}));
    const inFlight = new Set<Cancel>();
    const pending = failure(collectResponse(dispatcher, origin, path, request(), 8, inFlight));
    for (const cancel of inFlight) cancel();
    expect(await pending).toMatchObject({
      code: "aborted",
      message: `the transport was closed while a request to ${origin} was in flight`,
    });
    expect(inFlight.size).toBe(0);
  });

  it("a request ended before undici started it is dropped as it starts", async () => {
    let start: (() => void) | undefined;
    const { dispatcher, script } = scripted((handler, s) => {
      start = () => handler.onRequestStart?.(s.controller, {});
    });
    const controller = new AbortController();
    const pending = failure(
      collectResponse(dispatcher, origin, path, request({ signal: controller.signal }), 8, new Set()),
    );
    controller.abort();
    await pending;
    expect(script.aborted).toEqual([]);
    start?.();
    expect(script.aborted).toHaveLength(1);
    expect(script.aborted[0]).toMatchObject({
      code: "aborted",
      message: "request abandoned before it was sent",
    });
  });

  it("a redirect that arrives just after the deadline fired drops the request only once", async () => {
    let late: (() => void) | undefined;
    const { dispatcher, script } = scripted((handler, { controller }) => {
      handler.onRequestStart?.(controller, {});
      late = () => handler.onResponseStart?.(controller, 302, { location: "http://elsewhere/" }, "");
    });
    const error = await failure(
      collectResponse(dispatcher, origin, path, request({ timeoutMs: 10 }), 8, new Set()),
    );
    expect(error).toMatchObject({ code: "timeout" });
    late?.();
    expect(script.aborted).toEqual([error]);
  });

  it("callbacks after the request settled change nothing", async () => {
    const { dispatcher, script } = scripted((handler, { controller }) => {
      handler.onRequestStart?.(controller, {});
      handler.onResponseStart?.(controller, 200, { "content-length": "9" }, "");
      handler.onResponseData?.(controller, Buffer.from([1]));
      handler.onResponseEnd?.(controller, {});
      handler.onResponseError?.(controller, new Error("late"));
    });
    const error = await failure(collectResponse(dispatcher, origin, path, request(), 4, new Set()));
    expect(error).toMatchObject({ code: "response_too_large" });
    expect(script.aborted).toHaveLength(1);
  });
});
