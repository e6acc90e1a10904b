import { afterEach, describe, expect, it, vi } from "vitest";
import { caught, creds, decodeJwt, entries } from "./test-support/entries.ts";

afterEach(() => {
  vi.useRealTimers();
});

describe.each(entries)("signClaims (%s entry)", (_name, { AccessToken, signClaims, verifyToken }) => {
  it("signs the same bytes as AccessToken for the same claims", async () => {
    vi.useFakeTimers({ now: new Date("2026-03-01T00:00:00Z"), toFake: ["Date"] });
    const built = await new AccessToken(creds)
      .addIdentity("svc")
      .addTtl(600)
      .addGrants({ roomAdmin: true, room: "r" })
      .addSipGrants({ call: true })
      .addAgentGrants({ admin: true })
      .toJwt();
    const signed = await signClaims(
      { video: { roomAdmin: true, room: "r" }, sip: { call: true }, agent: { admin: true } },
      { ...creds, ttlSeconds: 600, identity: "svc" },
    );
    expect(signed).toBe(built);
    const claims = await verifyToken(signed, creds);
    expect(claims.video).toEqual({ roomAdmin: true, room: "r" });
  });

  it("writes the registered claims in order and leaves out what is not given", async () => {
    vi.useFakeTimers({ now: new Date("2026-03-01T00:00:00Z"), toFake: ["Date"] });
    const { payload } = decodeJwt(
      await signClaims({ video: { roomList: true } }, { ...creds, ttlSeconds: 90.5 }),
    );
    const now = Date.UTC(2026, 2, 1) / 1000;
    expect(JSON.stringify(payload)).toBe(
      JSON.stringify({ iss: creds.apiKey, nbf: now, exp: now + 91, iat: now, video: { roomList: true } }),
    );
  });

  it("rejects unusable credentials, lifetimes and identities with typed errors", async () => {
    for (const [options, code] of [
      [{ ...creds, apiKey: "", ttlSeconds: 60 }, "missing_credentials"],
      [{ ...creds, apiSecret: 7 as unknown as string, ttlSeconds: 60 }, "missing_credentials"],
      [{ ...creds, ttlSeconds: 0 }, "invalid_option"],
      [{ ...creds, ttlSeconds: Number.POSITIVE_INFINITY }, "invalid_option"],
      [{ ...creds, ttlSeconds: 60, identity: "" }, "invalid_option"],
    ] as const) {
      const error = await caught(() => signClaims({}, options));
      expect(error.code, JSON.stringify(options)).toBe(code);
      expect(error.message).not.toContain(creds.apiSecret);
    }
  });
});
