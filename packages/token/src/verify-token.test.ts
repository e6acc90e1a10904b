import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { HmacEngine } from "./engine.ts";
import { TokenError } from "./errors.ts";
import { caught, creds, entries } from "./test-support/entries.ts";
import { verifyWith } from "./verify-token.ts";

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

describe("verifyToken's failures, each with its code and message", () => {
  const { AccessToken, verifyToken } = entries[0][1];
  const t = 2_000_000_000;
  const at = { currentDate: new Date(t * 1000) };
  const sign = (header: object, payload: object | string, secret = creds.apiSecret) => {
    const body = typeof payload === "string" ? Buffer.from(payload).toString("base64url") : encode(payload);
    const input = `${encode(header)}.${body}`;
    return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
  };
  const valid = { iss: creds.apiKey, exp: t + 600 };
  const failure = async (token: unknown, options: object = at, credentials: unknown = creds) => {
    const error = await caught(() => verifyToken(token as string, credentials as typeof creds, options));
    return { code: error.code, message: error.message };
  };

  it.each([
    [42, "malformed", "token must be a string, got a number"],
    [null, "malformed", "token must be a string, got null"],
    ["a".repeat(2 ** 20 + 1), "malformed", "token is longer than 1 MiB"],
    ["a".repeat(2 ** 20), "malformed", "token must have three dot-separated parts"],
    ["e30.e30", "malformed", "token must have three dot-separated parts"],
    [".e30", "malformed", "token must have three dot-separated parts"],
    ["abc", "malformed", "token must have three dot-separated parts"],
    [".e30.x", "malformed", "token header is not base64url"],
    ["a.b.c.", "malformed", "token must have three dot-separated parts"],
    ["!!!.e30.x", "malformed", "token header is not base64url"],
    [`${encode([1])}.e30.x`, "malformed", "token header is not a JSON object"],
    [`${encode({ alg: "HS256" })}.${encode("x")}.x`, "malformed", "token payload is not a JSON object"],
    [`${encode({ alg: "HS256" })}.e30.x`, "unknown_key", "token has no issuer (iss) API key"],
    [
      `${Buffer.from("{").toString("base64url")}.e30.x`,
      "malformed",
      "token header is not base64url-encoded JSON",
    ],
    [
      `${Buffer.from([0xff]).toString("base64url")}.e30.x`,
      "malformed",
      "token header is not base64url-encoded JSON",
    ],
  ])("malformed token %#", async (token, code, message) => {
    expect(await failure(token)).toEqual({ code, message });
  });

  it("a header that is not JSON keeps the parser's error as cause", async () => {
    const error = await caught(() =>
      verifyToken(`${Buffer.from("{").toString("base64url")}.e30.x`, creds, at),
    );
    expect((error as unknown as Error).cause).toBeInstanceOf(SyntaxError);
  });

  it("header checks: HS256 only, no JWS extensions", async () => {
    expect(await failure(sign({ alg: "none" }, valid))).toEqual({
      code: "wrong_algorithm",
      message: "token algorithm must be HS256",
    });
    for (const header of [
      { alg: "HS256", crit: ["exp"] },
      { alg: "HS256", b64: true },
    ]) {
      expect(await failure(sign(header, valid))).toEqual({
        code: "wrong_algorithm",
        message: "token header uses unsupported JWS extensions (crit/b64)",
      });
    }
    // Headers as long as the two well-known ones, which skip decoding, are still decoded and checked.
    for (const header of [{ alg: "HS384", typ: "JWT" }, { alg: "HS384" }]) {
      expect(await failure(sign(header, valid))).toEqual({
        code: "wrong_algorithm",
        message: "token algorithm must be HS256",
      });
    }
    // Only the header itself can be a known one: later parts ending like one change nothing.
    for (const known of ["eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.", "eyJhbGciOiJIUzI1NiJ9."]) {
      expect(await failure(`${encode({ alg: "none" })}.${encode("abc").slice(0, 4)}${known}`)).toEqual({
        code: "wrong_algorithm",
        message: "token algorithm must be HS256",
      });
    }
    // A header the fast path does not know, without extensions, verifies.
    expect((await verifyToken(sign({ typ: "JWT", alg: "HS256" }, valid), creds, at)).apiKey).toBe(
      creds.apiKey,
    );
    // The well-known headers themselves verify.
    expect((await verifyToken(sign({ alg: "HS256", typ: "JWT" }, valid), creds, at)).apiKey).toBe(
      creds.apiKey,
    );
    expect((await verifyToken(sign({ alg: "HS256" }, valid), creds, at)).apiKey).toBe(creds.apiKey);
  });

  it("issuer, signature and times", async () => {
    const header = { alg: "HS256" };
    expect(await failure(sign(header, { ...valid, iss: "other" }))).toEqual({
      code: "unknown_key",
      message: "token was issued by an unknown API key",
    });
    expect(await failure(sign(header, valid, "another-secret-another-secret"))).toEqual({
      code: "bad_signature",
      message: "token signature does not match its API key's secret",
    });
    expect(await failure(sign(header, { iss: creds.apiKey }))).toEqual({
      code: "missing_exp",
      message: "token has no expiry (exp)",
    });
    // exp and nbf with the 60 s tolerance, at their edges.
    const expired = { code: "expired", message: "token has expired" };
    expect(await failure(sign(header, { ...valid, exp: t - 60 }))).toEqual(expired);
    expect((await verifyToken(sign(header, { ...valid, exp: t - 59 }), creds, at)).expiresAt).toBe(t - 59);
    expect(await failure(sign(header, { ...valid, exp: t }), { ...at, clockTolerance: 0 })).toEqual(expired);
    expect(await failure(sign(header, { ...valid, nbf: t + 61 }))).toEqual({
      code: "not_yet_valid",
      message: "token is not valid yet (nbf)",
    });
    expect((await verifyToken(sign(header, { ...valid, nbf: t + 60 }), creds, at)).notBefore).toBe(t + 60);
    // currentDate is cut to whole seconds: 0.999 s before exp (tolerance 0) is still valid.
    const justBefore = { currentDate: new Date(t * 1000 + 999), clockTolerance: 0 };
    expect((await verifyToken(sign(header, { ...valid, exp: t + 1 }), creds, justBefore)).expiresAt).toBe(
      t + 1,
    );
  });

  it.each([
    [{ exp: "soon" }, "exp claim must be a number of seconds"],
    [{ nbf: "0" }, "nbf claim must be a number of seconds"],
    [{ iat: null }, "iat claim must be a number of seconds"],
    [{ sub: 1 }, "sub claim must be a string, got a number"],
    [{ name: {} }, "name claim must be a string, got an object"],
    [{ metadata: [] }, "metadata claim must be a string, got an array"],
    [{ kind: true }, "kind claim must be a string, got a boolean"],
    [{ roomPreset: 1 }, "roomPreset claim must be a string, got a number"],
    [{ sha256: 1 }, "sha256 claim must be a string, got a number"],
    [{ attributes: { a: 1 } }, "attributes claim must be an object of strings"],
    [{ attributes: ["a"] }, "attributes claim must be an object of strings"],
    [{ attributes: { a: "x", b: 1 } }, "attributes claim must be an object of strings"],
    [{ kindDetails: "forwarded" }, "kindDetails claim must be an array of strings"],
    [{ kindDetails: [1] }, "kindDetails claim must be an array of strings"],
    [{ kindDetails: ["cloud_agent", 1] }, "kindDetails claim must be an array of strings"],
    [{ roomConfig: "x" }, "roomConfig claim must be an object"],
    [{ roomConfig: null }, "roomConfig claim must be an object"],
  ])("%# invalid claims %j", async (extra, message) => {
    expect(await failure(sign({ alg: "HS256" }, { ...valid, ...extra }))).toEqual({
      code: "invalid_claims",
      message,
    });
  });

  it("a non-finite time is refused", async () => {
    const payload = `{"iss":"${creds.apiKey}","exp":1e999}`;
    expect(await failure(sign({ alg: "HS256" }, payload))).toEqual({
      code: "invalid_claims",
      message: "exp claim must be a number of seconds",
    });
  });

  it("claims that are absent stay absent; identity falls back from an empty sub to jti", async () => {
    const claims = await verifyToken(sign({ alg: "HS256" }, valid), creds, at);
    expect(Object.keys(claims).sort()).toEqual(["apiKey", "expiresAt", "payload"]);
    expect(
      (await verifyToken(sign({ alg: "HS256" }, { ...valid, sub: "", jti: "j" }), creds, at)).identity,
    ).toBe("j");
    const named = {
      name: "n",
      metadata: "m",
      attributes: { a: "b" },
      kind: "agent",
      kindDetails: ["cloud_agent"],
      video: { roomJoin: true },
      sip: { admin: true },
      agent: { admin: true },
      inference: { perform: true },
      observability: { write: true },
      roomConfig: { name: "r" },
      roomPreset: "p",
      sha256: "h",
    };
    const payload = { ...valid, ...named, sub: "s", iat: t - 1, nbf: t - 1 };
    const full = await verifyToken(sign({ alg: "HS256" }, payload), creds, at);
    expect(full).toMatchObject({ ...named, identity: "s", issuedAt: t - 1, notBefore: t - 1 });
  });

  it("credentials and options", async () => {
    const jwt = await new AccessToken(creds).toJwt();
    const now = {};
    const missing =
      "verifyToken needs { apiKey, apiSecret } or { keys }, or LIVEKIT_API_KEY and LIVEKIT_API_SECRET set";
    vi.stubEnv("LIVEKIT_API_KEY", "");
    vi.stubEnv("LIVEKIT_API_SECRET", creds.apiSecret);
    expect(await caught(() => verifyToken(jwt))).toMatchObject({
      code: "missing_credentials",
      message: missing,
    });
    vi.stubEnv("LIVEKIT_API_KEY", creds.apiKey);
    vi.stubEnv("LIVEKIT_API_SECRET", "");
    expect(await caught(() => verifyToken(jwt))).toMatchObject({
      code: "missing_credentials",
      message: missing,
    });
    for (const keys of [null, "k", ["s"]]) {
      expect(await failure(jwt, now, { keys })).toEqual({
        code: "invalid_option",
        message: "keys must be an object of API key → secret",
      });
    }
    for (const keys of [{ k: "" }, { k: 1 }, { "": "s" }, { a: "s", b: "" }]) {
      expect(await failure(jwt, now, { keys })).toEqual({
        code: "invalid_option",
        message: "every key set entry needs a non-empty API key and secret string",
      });
    }
    const inherited = Object.create({ k: "s" });
    expect(await failure(jwt, now, { keys: inherited })).toEqual({
      code: "missing_credentials",
      message: "the key set is empty",
    });
    for (const pair of [
      { apiKey: "", apiSecret: "s" },
      { apiKey: 1, apiSecret: "s" },
      { apiKey: "k", apiSecret: "" },
      { apiKey: "k", apiSecret: 1 },
    ]) {
      expect(await failure(jwt, now, pair)).toEqual({
        code: "missing_credentials",
        message: "apiKey and apiSecret must be non-empty strings",
      });
    }
    for (const credentials of ["secret", null, {}]) {
      expect(await failure(jwt, now, credentials)).toEqual({
        code: "invalid_option",
        message: "credentials must be { apiKey, apiSecret } or { keys }",
      });
    }
    expect(await failure(jwt, { clockTolerance: -1 })).toEqual({
      code: "invalid_option",
      message:
        'clockTolerance must be a non-negative finite number of seconds or a duration string such as "10m" or "1h30m"',
    });
    for (const currentDate of [new Date(Number.NaN), 1_000 as unknown as Date]) {
      expect(await failure(jwt, { currentDate })).toEqual({
        code: "invalid_option",
        message: "currentDate must be a valid Date",
      });
    }
    // Only the key set's own entries count: an inherited key is unknown.
    const proto = sign({ alg: "HS256" }, { ...valid, iss: "k" }, "s");
    expect(
      (await failure(proto, at, { keys: Object.assign(Object.create({ k: "s" }), { other: "x" }) })).code,
    ).toBe("unknown_key");
    expect((await verifyToken(proto, { keys: { k: "s" } }, at)).apiKey).toBe("k");
  });
});

describe("verifyWith and its engine", () => {
  const t = 2_000_000_000;
  const at = { currentDate: new Date(t * 1000) };
  const token = `${encode({ alg: "HS256" })}.${encode({ iss: creds.apiKey, exp: t + 60 })}.sig`;
  const engine = (verify: HmacEngine["verify"]): HmacEngine => ({
    sign: () => "",
    verify,
    decodeText: (part) => Buffer.from(part, "base64url").toString("utf8"),
  });

  it("an engine that throws or rejects is a bad_signature keeping the cause; a TokenError passes", async () => {
    const boom = new Error("engine broke");
    for (const verify of [
      () => {
        throw boom;
      },
      () => Promise.reject(boom),
    ]) {
      const error = await verifyWith(engine(verify), token, creds, at).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "bad_signature", message: "token signature could not be checked" });
      expect((error as Error).cause).toBe(boom);
    }
    const own = new TokenError("malformed", "mine");
    expect(
      await verifyWith(
        engine(() => Promise.reject(own)),
        token,
        creds,
        at,
      ).catch((e: unknown) => e),
    ).toBe(own);
    expect(
      await verifyWith(
        engine(() => {
          throw own;
        }),
        token,
        creds,
        at,
      ).catch((e: unknown) => e),
    ).toBe(own);
  });

  it("the engine is asked about the signing input, signature and secret of the token", async () => {
    const seen: string[][] = [];
    const ok = (input: string, signature: string, secret: string) => {
      seen.push([input, signature, secret]);
      return Promise.resolve(true);
    };
    expect((await verifyWith(engine(ok), token, creds, at)).apiKey).toBe(creds.apiKey);
    expect(seen).toEqual([[token.slice(0, token.lastIndexOf(".")), "sig", creds.apiSecret]]);
    const no = await verifyWith(
      engine(() => Promise.resolve(false)),
      token,
      creds,
      at,
    ).catch((e: unknown) => e);
    expect(no).toMatchObject({
      code: "bad_signature",
      message: "token signature does not match its API key's secret",
    });
  });
});
