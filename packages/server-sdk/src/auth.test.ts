import { afterEach, describe, expect, it, vi } from "vitest";
import { TokenCache } from "./auth.ts";

const claims = (header: string) => JSON.parse(atob((header.split(" ")[1] ?? "").split(".")[1] ?? ""));

afterEach(() => vi.useRealTimers());

describe("TokenCache", () => {
  it("signs once for concurrent misses of one grant set", async () => {
    const cache = new TokenCache("key", "secret-secret-secret-secret-secret-1", 600);
    const all = await Promise.all(Array.from({ length: 20 }, () => cache.header({ roomList: true })));
    expect(new Set(all).size).toBe(1);
    expect(claims(all[0] as string)).toMatchObject({ iss: "key", video: { roomList: true } });
  });

  it("keeps grant sets apart, rooms included", async () => {
    const cache = new TokenCache("key", "secret-secret-secret-secret-secret-1", 600);
    const a = await cache.header({ roomAdmin: true, room: "a" });
    const b = await cache.header({ roomAdmin: true, room: "b" });
    const sip = await cache.header({ sipAdmin: true, sipCall: true });
    expect(claims(a).video).toEqual({ roomAdmin: true, room: "a" });
    expect(claims(b).video).toEqual({ roomAdmin: true, room: "b" });
    expect(claims(sip)).toMatchObject({ sip: { admin: true, call: true } });
    expect(claims(sip).video).toBeUndefined();
    const agent = await cache.header({ agentAdmin: true });
    const simulation = await cache.header({ agentSimulationAdmin: true });
    expect(claims(agent)).toMatchObject({ agent: { admin: true } });
    expect(claims(simulation).agent).toEqual({ simulationAdmin: true });
    expect(claims(await cache.header({}))).not.toHaveProperty("video");
  });

  it("re-signs at half the lifetime, well before expiry", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(1_700_000_000_000);
    const cache = new TokenCache("key", "secret-secret-secret-secret-secret-1", 600);
    const first = await cache.header({ roomCreate: true });
    expect(claims(first).exp - claims(first).nbf).toBeGreaterThanOrEqual(600);
    vi.setSystemTime(1_700_000_000_000 + 299_000);
    expect(cache.header({ roomCreate: true })).toBe(first);
    vi.setSystemTime(1_700_000_000_000 + 301_000);
    const second = await cache.header({ roomCreate: true });
    expect(second).not.toBe(first);
    expect(claims(second).exp).toBeGreaterThan(claims(first).exp);
  });
});
