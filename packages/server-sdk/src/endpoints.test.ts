import { describe, expect, it } from "vitest";
import { Endpoints, httpProbe, PROBE_INITIAL_DELAY_MS, PROBE_MAX_DELAY_MS } from "./endpoints.ts";
import { TransportError, TwirpError } from "./errors.ts";
import type { Transport } from "./transport.ts";

const A = "http://a:1";
const B = "http://b:2";
const C = "http://c:3";

function clock(start = 1_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

/** A probe the test answers by hand, recording what was probed. */
function manualProbe() {
  const probed: string[] = [];
  const answers: Array<(alive: boolean) => void> = [];
  return {
    probed,
    answer: async (alive: boolean) => {
      answers.shift()?.(alive);
      await Promise.resolve();
      await Promise.resolve();
    },
    probe: (endpoint: string) =>
      new Promise<boolean>((resolve) => {
        probed.push(endpoint);
        answers.push(resolve);
      }),
  };
}

describe("Endpoints", () => {
  it("starts every call on the first endpoint and fails over in order to untried ones", () => {
    const endpoints = new Endpoints([A, B, C], { probe: async () => true });
    expect(endpoints.next()).toBe(A);
    expect(endpoints.next(new Set([A]))).toBe(B);
    expect(endpoints.next(new Set([A, B]))).toBe(C);
    expect(endpoints.next(new Set([A, B, C]))).toBeUndefined();
  });

  it("sets a failed endpoint aside: calls start on the next healthy one", () => {
    const endpoints = new Endpoints([A, B, C], { probe: async () => false });
    endpoints.failed(A);
    expect(endpoints.isSetAside(A)).toBe(true);
    expect(endpoints.next()).toBe(B);
    endpoints.failed(B);
    expect(endpoints.next()).toBe(C);
  });

  it("uses a set-aside endpoint only when nothing healthy is left, the one due soonest first", () => {
    const time = clock();
    const endpoints = new Endpoints([A, B], { probe: async () => false, now: time.now });
    endpoints.failed(A);
    endpoints.failed(A); // A's second failure: a longer backoff than B's first
    endpoints.failed(B);
    expect(endpoints.next()).toBe(B);
    expect(endpoints.next(new Set([B]))).toBe(A);
  });

  it("probes a set-aside endpoint after the backoff, once at a time, and brings it back when it answers", async () => {
    const time = clock();
    const manual = manualProbe();
    const endpoints = new Endpoints([A, B], { probe: manual.probe, now: time.now });
    endpoints.failed(A);
    endpoints.next();
    expect(manual.probed).toEqual([]);
    time.advance(PROBE_INITIAL_DELAY_MS);
    expect(endpoints.next()).toBe(B);
    expect(endpoints.next()).toBe(B);
    expect(manual.probed).toEqual([A]);
    await manual.answer(true);
    expect(endpoints.isSetAside(A)).toBe(false);
    expect(endpoints.next()).toBe(A);
  });

  it("doubles the probe backoff after each failed probe, up to the cap", async () => {
    const time = clock();
    const manual = manualProbe();
    const endpoints = new Endpoints([A, B], { probe: manual.probe, now: time.now });
    endpoints.failed(A);
    const delays: number[] = [];
    for (let round = 0; round < 8; round++) {
      let waited = 0;
      while (manual.probed.length === round) {
        time.advance(100);
        waited += 100;
        endpoints.next();
      }
      delays.push(waited);
      await manual.answer(false);
    }
    expect(delays.slice(0, 4)).toEqual([500, 1000, 2000, 4000]);
    expect(Math.max(...delays)).toBe(PROBE_MAX_DELAY_MS);
    expect(endpoints.isSetAside(A)).toBe(true);
  });

  it("records unreachable endpoints only: refused and connect timeouts, not resets, deadlines or aborts", () => {
    const endpoints = new Endpoints([A, B], { probe: async () => false });
    for (const code of ["connection_reset", "timeout", "aborted"] as const) {
      endpoints.record(A, new TransportError(code, code));
      expect(endpoints.isSetAside(A), code).toBe(false);
    }
    endpoints.record(A, new TransportError("connection_refused", "refused", { requestSent: false }));
    expect(endpoints.isSetAside(A)).toBe(true);
    endpoints.record(B, new TransportError("connect_timeout", "slow", { requestSent: false }));
    expect(endpoints.isSetAside(B)).toBe(true);
    endpoints.record(A, new TwirpError("unavailable", "busy", { status: 503 }));
    expect(endpoints.isSetAside(A)).toBe(false);
  });

  it("an HTTP answer on an endpoint clears its failures", () => {
    const endpoints = new Endpoints([A, B], { probe: async () => false });
    endpoints.failed(A);
    endpoints.answered(A);
    expect(endpoints.next()).toBe(A);
  });

  it("adds discovered endpoints after the configured ones and keeps health of known ones", async () => {
    const asked: Array<[string, number]> = [];
    const endpoints = new Endpoints([A], {
      probe: async () => false,
      discover: async (authorization, timeoutMs) => {
        asked.push([authorization, timeoutMs]);
        return [B, A, C];
      },
    });
    endpoints.failed(A);
    expect(await endpoints.discover(new Set([A]), "Bearer t", 1500)).toBe(B);
    expect(asked).toEqual([["Bearer t", 1500]]);
    expect(endpoints.all).toEqual([A, B, C]);
    expect(endpoints.next()).toBe(B);
    expect(await endpoints.discover(new Set([A, B, C]), "Bearer t", 1500)).toBeUndefined();
  });

  it("discovers nothing for a static list or without time left", async () => {
    const endpoints = new Endpoints([A, B], { probe: async () => false });
    expect(await endpoints.discover(new Set([A, B]), "Bearer t", 1000)).toBeUndefined();
    let asked = false;
    const cloud = new Endpoints([A], {
      probe: async () => false,
      discover: async () => {
        asked = true;
        return [B];
      },
    });
    expect(await cloud.discover(new Set([A]), "Bearer t", 0)).toBeUndefined();
    expect(asked).toBe(false);
  });
});

describe("httpProbe", () => {
  const transport = (answer: () => Promise<number>): Transport & { urls: string[] } => {
    const urls: string[] = [];
    return {
      urls,
      async request(request) {
        urls.push(`${request.method} ${request.url} ${request.timeoutMs}`);
        return { status: await answer(), headers: {}, body: new Uint8Array(0) };
      },
    };
  };

  it("GETs the endpoint's root and calls any answer below 500 alive", async () => {
    const ok = transport(async () => 404);
    expect(await httpProbe(ok, 1234)(A)).toBe(true);
    expect(ok.urls).toEqual([`GET ${A}/ 1234`]);
    expect(await httpProbe(transport(async () => 502))(A)).toBe(false);
    const refused = transport(async () => {
      throw new TransportError("connection_refused", "refused", { requestSent: false });
    });
    expect(await httpProbe(refused)(A)).toBe(false);
  });
});
