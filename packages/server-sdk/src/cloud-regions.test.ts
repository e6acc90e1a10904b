import { describe, expect, it } from "vitest";
import { cloudRegions, isCloudHost, maxAgeMs, parseRegions, REGIONS_TIMEOUT_MS } from "./cloud-regions.ts";
import { TransportError } from "./errors.ts";
import type { Transport, TransportRequest, TransportResponse } from "./transport.ts";

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe("isCloudHost", () => {
  it("is true only for *.livekit.cloud", () => {
    expect(isCloudHost("https://my-project.livekit.cloud")).toBe(true);
    expect(isCloudHost("https://MY.LIVEKIT.CLOUD")).toBe(true);
    expect(isCloudHost("https://livekit.cloud.example.com")).toBe(false);
    expect(isCloudHost("https://evil-livekit.cloud")).toBe(false);
    expect(isCloudHost("http://127.0.0.1:7880")).toBe(false);
  });
});

describe("maxAgeMs", () => {
  it("reads max-age among other directives", () => {
    expect(maxAgeMs("public, max-age=30")).toBe(30_000);
    expect(maxAgeMs("MAX-AGE=5")).toBe(5_000);
    expect(maxAgeMs(["max-age=2", "max-age=9"])).toBe(2_000);
    expect(maxAgeMs("no-store")).toBe(0);
    expect(maxAgeMs("max-age=-1")).toBe(0);
    expect(maxAgeMs(undefined)).toBe(0);
  });
});

describe("parseRegions", () => {
  it("keeps http(s) origins of *.livekit.cloud with the project's scheme, once each", () => {
    const body = json({
      regions: [
        { region: "eu", url: "wss://p-eu.livekit.cloud", distance: "10" },
        { region: "us", url: "https://p-us.livekit.cloud/some/path" },
        { region: "dup", url: "https://p-eu.livekit.cloud" },
        { region: "plain", url: "ws://p-ap.livekit.cloud" },
        { region: "elsewhere", url: "wss://attacker.example.com" },
        { region: "tricky", url: "wss://p.livekit.cloud.attacker.example" },
        { region: "broken", url: "not a url" },
        { region: "none" },
        null,
      ],
    });
    expect(parseRegions(body, "https:")).toEqual([
      "https://p-eu.livekit.cloud",
      "https://p-us.livekit.cloud",
    ]);
    expect(parseRegions(body, "http:")).toEqual(["http://p-ap.livekit.cloud"]);
  });

  it("gives nothing for malformed, oversized or odd bodies", () => {
    expect(parseRegions(new TextEncoder().encode("{"), "https:")).toEqual([]);
    expect(parseRegions(json(null), "https:")).toEqual([]);
    expect(parseRegions(json({ regions: "x" }), "https:")).toEqual([]);
    const huge = json({ regions: [{ url: "https://a.livekit.cloud" }], pad: "x".repeat(70 * 1024) });
    expect(parseRegions(huge, "https:")).toEqual([]);
  });

  it("reads at most 16 regions", () => {
    const many = json({
      regions: Array.from({ length: 40 }, (_, i) => ({ url: `https://r${i}.livekit.cloud` })),
    });
    expect(parseRegions(many, "https:")).toHaveLength(16);
  });
});

describe("cloudRegions", () => {
  function regionsServer(answer: (request: TransportRequest) => Promise<TransportResponse>) {
    const requests: TransportRequest[] = [];
    const transport: Transport = {
      request(request) {
        requests.push(request);
        return answer(request);
      },
    };
    return { requests, transport };
  }
  const ok = (maxAge?: number): TransportResponse => ({
    status: 200,
    headers: maxAge === undefined ? {} : { "cache-control": `max-age=${maxAge}` },
    body: json({ regions: [{ url: "wss://p-eu.livekit.cloud" }, { url: "wss://p-us.livekit.cloud" }] }),
  });

  it("GETs /settings/regions of the project with the call's authorization and a short time limit", async () => {
    const server = regionsServer(async () => ok());
    const discover = cloudRegions("https://p.livekit.cloud", server.transport);
    expect(await discover("Bearer abc", 30_000)).toEqual([
      "https://p-eu.livekit.cloud",
      "https://p-us.livekit.cloud",
    ]);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({
      url: "https://p.livekit.cloud/settings/regions",
      method: "GET",
      headers: { authorization: "Bearer abc" },
      timeoutMs: REGIONS_TIMEOUT_MS,
    });
    await discover("Bearer abc", 500);
    expect(server.requests[1]?.timeoutMs).toBe(500);
  });

  it("caches the answer for its max-age", async () => {
    let t = 0;
    const server = regionsServer(async () => ok(10));
    const discover = cloudRegions("https://p.livekit.cloud", server.transport, () => t);
    await discover("a", 5000);
    t = 9_999;
    await discover("a", 5000);
    expect(server.requests).toHaveLength(1);
    t = 10_000;
    await discover("a", 5000);
    expect(server.requests).toHaveLength(2);
  });

  it("coalesces concurrent lookups into one request", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const server = regionsServer(async () => {
      await gate;
      return ok();
    });
    const discover = cloudRegions("https://p.livekit.cloud", server.transport);
    const all = Promise.all(Array.from({ length: 20 }, () => discover("a", 5000)));
    release();
    const results = await all;
    expect(server.requests).toHaveLength(1);
    for (const result of results) expect(result).toHaveLength(2);
  });

  it("falls back to the last list when a lookup fails or answers an error", async () => {
    let mode: "ok" | "down" | "500" = "ok";
    const server = regionsServer(async () => {
      if (mode === "down") throw new TransportError("connection_refused", "refused", { requestSent: false });
      return mode === "ok" ? ok() : { status: 500, headers: {}, body: new Uint8Array(0) };
    });
    const discover = cloudRegions("https://p.livekit.cloud", server.transport);
    mode = "down";
    expect(await discover("a", 5000)).toEqual([]);
    mode = "ok";
    expect(await discover("a", 5000)).toHaveLength(2);
    mode = "500";
    expect(await discover("a", 5000)).toHaveLength(2);
    mode = "down";
    expect(await discover("a", 5000)).toHaveLength(2);
  });
});
