import { afterEach, describe, expect, it, vi } from "vitest";
import { caught, creds, entries } from "./test-support/entries.ts";

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

afterEach(() => {
  vi.unstubAllEnvs();
});

describe.each(entries)(
  "verifyToken (%s entry)",
  (_name, { AccessToken, verifyToken, TokenError, isTokenError }) => {
    /** Signs an arbitrary header and payload with node:crypto, for tokens our builder would never make. */
    async function handMade(header: object, payload: object, secret = creds.apiSecret): Promise<string> {
      const { createHmac } = await import("node:crypto");
      const input = `${encode(header)}.${encode(payload)}`;
      return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
    }
    const now = () => Math.floor(Date.now() / 1000);

    it("returns typed claims with identity from sub", async () => {
      const jwt = await new AccessToken(creds)
        .addIdentity("user123")
        .addName("John")
        .addMetadata("md")
        .addAttributes({ k: "v" })
        .addKind("sip")
        .addKindDetails("forwarded")
        .addGrants({ roomJoin: true, room: "my-room", canPublish: false, canPublishSources: ["microphone"] })
        .addSipGrants({ call: true })
        .addAgentGrants({ simulationAdmin: true })
        .addInferenceGrants({ perform: true })
        .addObservabilityGrants({ write: true })
        .addRoomConfig({ maxParticipants: 3 })
        .addRoomPreset("p")
        .addSha256("c2hh")
        .toJwt();
      const claims = await verifyToken(jwt, creds);
      expect(claims).toMatchObject({
        identity: "user123",
        apiKey: creds.apiKey,
        name: "John",
        metadata: "md",
        attributes: { k: "v" },
        kind: "sip",
        kindDetails: ["forwarded"],
        video: { roomJoin: true, room: "my-room", canPublish: false, canPublishSources: ["microphone"] },
        sip: { call: true },
        agent: { simulationAdmin: true },
        inference: { perform: true },
        observability: { write: true },
        roomConfig: { maxParticipants: 3 },
        roomPreset: "p",
        sha256: "c2hh",
      });
      expect(claims.expiresAt - claims.issuedAt!).toBe(3600);
      expect(claims.notBefore).toBe(claims.issuedAt);
      expect(claims.payload["iss"]).toBe(creds.apiKey);
    });

    it("accepts any key of a key set (secret rotation)", async () => {
      const oldKey = { apiKey: "old", apiSecret: "old-secret-old-secret-old-secret" };
      const newKey = { apiKey: "new", apiSecret: "new-secret-new-secret-new-secret" };
      const keys = { keys: { old: oldKey.apiSecret, new: newKey.apiSecret } };
      for (const c of [oldKey, newKey]) {
        const claims = await verifyToken(await new AccessToken(c).toJwt(), keys);
        expect(claims.apiKey).toBe(c.apiKey);
      }
      const retired = await caught(async () =>
        verifyToken(await new AccessToken(oldKey).toJwt(), { keys: { new: newKey.apiSecret } }),
      );
      expect(retired.code).toBe("unknown_key");
    });

    it("uses LIVEKIT_API_KEY / LIVEKIT_API_SECRET when no credentials are given", async () => {
      vi.stubEnv("LIVEKIT_API_KEY", creds.apiKey);
      vi.stubEnv("LIVEKIT_API_SECRET", creds.apiSecret);
      expect((await verifyToken(await new AccessToken().toJwt())).apiKey).toBe(creds.apiKey);
      vi.stubEnv("LIVEKIT_API_SECRET", "");
      expect((await caught(() => verifyToken("a.b.c"))).code).toBe("missing_credentials");
    });

    it("rejects a token of an unknown key or with a foreign signature", async () => {
      const jwt = await new AccessToken(creds).toJwt();
      expect((await caught(() => verifyToken(jwt, { ...creds, apiKey: "other" }))).code).toBe("unknown_key");
      expect((await caught(() => verifyToken(jwt, { ...creds, apiSecret: "wrong-secret" }))).code).toBe(
        "bad_signature",
      );
      const [h, p, s] = jwt.split(".") as [string, string, string];
      const flipped = `${h}.${p}.${s.slice(0, -2)}${s.at(-2) === "A" ? "B" : "A"}${s.at(-1)}`;
      expect((await caught(() => verifyToken(flipped, creds))).code).toBe("bad_signature");
      const tampered = `${h}.${encode({ ...JSON.parse(Buffer.from(p, "base64url").toString()), sub: "admin" })}.${s}`;
      expect((await caught(() => verifyToken(tampered, creds))).code).toBe("bad_signature");
      expect((await caught(() => verifyToken(`${h}.${p}.`, creds))).code).toBe("bad_signature");
      expect((await caught(() => verifyToken(`${h}.${p}.${s}AA`, creds))).code).toBe("bad_signature");
    });

    it("checks exp and nbf with a 60 s default tolerance", async () => {
      const t = now();
      const at = (claims: object) => handMade({ alg: "HS256", typ: "JWT" }, { iss: creds.apiKey, ...claims });
      expect((await caught(async () => verifyToken(await at({ exp: t - 61 }), creds))).code).toBe("expired");
      expect((await verifyToken(await at({ exp: t - 30 }), creds)).expiresAt).toBe(t - 30);
      expect(
        (await caught(async () => verifyToken(await at({ exp: t - 30 }), creds, { clockTolerance: 0 }))).code,
      ).toBe("expired");
      expect(
        (await caught(async () => verifyToken(await at({ exp: t + 999, nbf: t + 120 }), creds))).code,
      ).toBe("not_yet_valid");
      expect((await verifyToken(await at({ exp: t + 999, nbf: t + 30 }), creds)).notBefore).toBe(t + 30);
      expect(
        (await verifyToken(await at({ exp: t + 999, nbf: t + 120 }), creds, { clockTolerance: "5m" })).apiKey,
      ).toBe(creds.apiKey);
      expect(
        (await caught(async () => verifyToken(await at({ exp: t - 1 }), creds, { clockTolerance: "0s" })))
          .code,
      ).toBe("expired");
      expect((await caught(async () => verifyToken(await at({ nbf: t }), creds))).code).toBe("missing_exp");
      expect((await caught(async () => verifyToken(await at({ exp: "soon" }), creds))).code).toBe(
        "invalid_claims",
      );
      const jwt = await new AccessToken(creds).addTtl(10).toJwt();
      const later = new Date(Date.now() + 75_000);
      expect((await caught(() => verifyToken(jwt, creds, { currentDate: later }))).code).toBe("expired");
    });

    it("accepts only HS256", async () => {
      const payload = { iss: creds.apiKey, exp: now() + 60 };
      for (const alg of ["none", "HS384", "HS512", "RS256", "hs256", undefined]) {
        const error = await caught(async () =>
          verifyToken(await handMade({ alg, typ: "JWT" }, payload), creds),
        );
        expect(error.code).toBe("wrong_algorithm");
      }
      const crit = await caught(async () =>
        verifyToken(await handMade({ alg: "HS256", crit: ["b64"], b64: false }, payload), creds),
      );
      expect(crit.code).toBe("wrong_algorithm");
      expect((await verifyToken(await handMade({ alg: "HS256" }, payload), creds)).apiKey).toBe(creds.apiKey);
    });

    it("classifies malformed tokens", async () => {
      for (const bad of [
        "",
        "abc",
        "a.b",
        "a.b.c.d",
        "!!!.e30.x",
        "e30.e30",
        `${encode([1])}.${encode({})}.x`,
        "e.e30.x",
      ]) {
        const error = await caught(() => verifyToken(bad, creds));
        expect(error.code).toBe("malformed");
      }
      const notString = await caught(() => verifyToken(42 as unknown as string, creds));
      expect(notString.code).toBe("malformed");
      const badUtf8 = `${Buffer.from([0xff, 0xfe]).toString("base64url")}.e30.x`;
      expect((await caught(() => verifyToken(badUtf8, creds))).code).toBe("malformed");
    });

    it("requires a string issuer", async () => {
      const error = await caught(async () =>
        verifyToken(await handMade({ alg: "HS256" }, { iss: 7, exp: now() + 60 }), creds),
      );
      expect(error.code).toBe("unknown_key");
      const proto = await caught(async () =>
        verifyToken(await handMade({ alg: "HS256" }, { iss: "__proto__", exp: now() + 60 }), {
          keys: { a: "b" },
        }),
      );
      expect(proto.code).toBe("unknown_key");
    });

    it("types every claim and rejects wrongly typed ones", async () => {
      const base = { iss: creds.apiKey, exp: now() + 60 };
      const cases: object[] = [
        { video: { roomJoin: "yes" } },
        { video: [] },
        { sip: { admin: 1 } },
        { agent: null },
        { inference: { perform: "true" } },
        { observability: { write: 0 } },
        { video: { canPublishSources: "camera" } },
        { attributes: { a: 1 } },
        { kindDetails: "forwarded" },
        { roomConfig: "x" },
        { name: 5 },
        { sha256: {} },
        { sub: 1 },
        { nbf: "0" },
        { iat: null },
      ];
      for (const extra of cases) {
        const error = await caught(async () =>
          verifyToken(await handMade({ alg: "HS256" }, { ...base, ...extra }), creds),
        );
        expect(error.code, JSON.stringify(extra)).toBe("invalid_claims");
      }
      // claims that newer LiveKit versions may add are tolerated, and kept in `payload`
      const claims = await verifyToken(
        await handMade(
          { alg: "HS256" },
          {
            ...base,
            jti: "id-from-jti",
            video: { futureFlag: true, toString: 1, room: "r" },
            sip: { call: true },
            extra: 1,
          },
        ),
        creds,
      );
      expect(claims.identity).toBe("id-from-jti");
      expect(claims.video).toEqual({ room: "r" });
      expect(claims.sip).toEqual({ call: true });
      expect(claims.payload["video"]).toEqual({ futureFlag: true, toString: 1, room: "r" });
      expect(claims.payload["extra"]).toBe(1);
    });

    it("validates credentials and options", async () => {
      const jwt = await new AccessToken(creds).toJwt();
      const bad: unknown[] = [
        { apiKey: "", apiSecret: "x" },
        { apiKey: "k", apiSecret: 3 },
      ];
      for (const c of bad) {
        expect((await caught(() => verifyToken(jwt, c as typeof creds))).code).toBe("missing_credentials");
      }
      expect((await caught(() => verifyToken(jwt, { keys: {} }))).code).toBe("missing_credentials");
      expect((await caught(() => verifyToken(jwt, { keys: { k: "" } }))).code).toBe("invalid_option");
      expect(
        (await caught(() => verifyToken(jwt, { keys: null as unknown as Record<string, string> }))).code,
      ).toBe("invalid_option");
      expect((await caught(() => verifyToken(jwt, "secret" as unknown as typeof creds))).code).toBe(
        "invalid_option",
      );
      expect((await caught(() => verifyToken(jwt, creds, { clockTolerance: -1 }))).code).toBe(
        "invalid_option",
      );
      expect((await caught(() => verifyToken(jwt, creds, { currentDate: new Date("x") }))).code).toBe(
        "invalid_option",
      );
    });

    it("throws only TokenError, never with the secret or the token in the message", async () => {
      const jwt = await new AccessToken(creds).addIdentity("u").toJwt();
      const error = await caught(() => verifyToken(jwt, { ...creds, apiSecret: "another-secret" }));
      expect(error).toBeInstanceOf(TokenError);
      expect(isTokenError(error)).toBe(true);
      expect(error.name).toBe("TokenError");
      expect(error.message).not.toContain(creds.apiSecret);
      expect(error.message).not.toContain("another-secret");
      expect(error.message).not.toContain(jwt.split(".")[2]);
      expect(isTokenError(new Error("x"))).toBe(false);
    });
  },
);
