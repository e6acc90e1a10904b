import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { caught, creds, decodeJwt, entries } from "./test-support/entries.ts";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

describe.each(entries)("AccessToken (%s entry)", (_name, { AccessToken, TokenError }) => {
  it("mints the claims of the README example, in a fixed order, with the JWT header", async () => {
    vi.useFakeTimers({ now: new Date("2026-01-01T00:00:00Z"), toFake: ["Date"] });
    const jwt = await new AccessToken(creds)
      .addIdentity("user123")
      .addName("John Doe")
      .addMetadata("user metadata")
      .addTtl(3600)
      .addGrants({ roomJoin: true, room: "my-room", canPublish: true, canSubscribe: true })
      .toJwt();
    const { header, payload } = decodeJwt(jwt);
    expect(header).toEqual({ alg: "HS256", typ: "JWT" });
    const now = Date.UTC(2026, 0, 1) / 1000;
    expect(JSON.stringify(payload)).toBe(
      JSON.stringify({
        iss: creds.apiKey,
        sub: "user123",
        nbf: now,
        exp: now + 3600,
        iat: now,
        name: "John Doe",
        metadata: "user metadata",
        video: { roomJoin: true, room: "my-room", canPublish: true, canSubscribe: true },
      }),
    );
  });

  it("takes metadata and attributes in the constructor options, as the official SDK", async () => {
    const jwt = await new AccessToken({
      ...creds,
      identity: "u",
      metadata: "m",
      attributes: { a: "1" },
    }).toJwt();
    expect(decodeJwt(jwt).payload).toMatchObject({ metadata: "m", attributes: { a: "1" } });
  });

  it("sets every kind of claim", async () => {
    const jwt = await new AccessToken({ ...creds, identity: "agent-1", name: "Agent", ttl: "10m" })
      .addAttributes({ a: "1" })
      .addAttributes({ b: "2" })
      .addKind("agent")
      .addKindDetails("cloud_agent", "forwarded")
      .addSipGrants({ admin: true })
      .addSipGrants({ call: true })
      .addAgentGrants({ admin: true, simulationAdmin: true })
      .addInferenceGrants({ perform: true })
      .addObservabilityGrants({ write: true })
      .addGrants({ canPublishSources: ["camera", "screen_share_audio"], canUpdateOwnMetadata: true })
      .addGrants({ roomAdmin: true, room: "r", destinationRoom: "r2", canSubscribeMetrics: false })
      .addRoomPreset("preset-a")
      .addSha256("abc=")
      .addRoomConfig({ name: "r", emptyTimeout: 0, maxParticipants: 10, syncStreams: false, agents: [] })
      .toJwt();
    const { payload } = decodeJwt(jwt);
    expect(payload["exp"]).toBe((payload["iat"] as number) + 600);
    expect(payload).toMatchObject({
      sub: "agent-1",
      name: "Agent",
      attributes: { a: "1", b: "2" },
      kind: "agent",
      kindDetails: ["cloud_agent", "forwarded"],
      sip: { admin: true, call: true },
      agent: { admin: true, simulationAdmin: true },
      inference: { perform: true },
      observability: { write: true },
      video: {
        canPublishSources: ["camera", "screen_share_audio"],
        canUpdateOwnMetadata: true,
        roomAdmin: true,
        room: "r",
        destinationRoom: "r2",
        canSubscribeMetrics: false,
      },
      roomPreset: "preset-a",
      sha256: "abc=",
      roomConfig: { name: "r", maxParticipants: 10 },
    });
    expect(Object.keys(payload)).toEqual([
      "iss",
      "sub",
      "nbf",
      "exp",
      "iat",
      "name",
      "attributes",
      "kind",
      "kindDetails",
      "video",
      "sip",
      "agent",
      "inference",
      "observability",
      "roomConfig",
      "roomPreset",
      "sha256",
    ]);
  });

  it("defaults the ttl to 3600 s and accepts duration strings", async () => {
    const ttl = async (t?: number | string) => {
      const token = new AccessToken(creds);
      if (t !== undefined) token.addTtl(t);
      const { payload } = decodeJwt(await token.toJwt());
      return (payload["exp"] as number) - (payload["iat"] as number);
    };
    expect(await ttl()).toBe(3600);
    expect(await ttl("90s")).toBe(90);
    expect(await ttl("1h30m")).toBe(5400);
    expect(await ttl("2 days")).toBe(172800);
    expect(await ttl("1w")).toBe(604800);
    expect(await ttl(1.2)).toBe(2);
  });

  it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY, "", "10x", "m", "-1m", "10m junk"])(
    "refuses ttl %s",
    async (ttl) => {
      const error = await caught(() => new AccessToken(creds).addTtl(ttl as number));
      expect(error).toBeInstanceOf(TokenError);
      expect(error.code).toBe("invalid_option");
      expect(error.message).toMatch(/ttl must be a positive finite number/);
    },
  );

  it("reads LIVEKIT_API_KEY / LIVEKIT_API_SECRET when options omit them", async () => {
    vi.stubEnv("LIVEKIT_API_KEY", "envkey");
    vi.stubEnv("LIVEKIT_API_SECRET", "envsecret-envsecret-envsecret-envsecret");
    const { payload } = decodeJwt(await new AccessToken().toJwt());
    expect(payload["iss"]).toBe("envkey");
    const explicit = decodeJwt(await new AccessToken(creds).toJwt());
    expect(explicit.payload["iss"]).toBe(creds.apiKey);
  });

  it("names both options and both variables when credentials are missing", async () => {
    vi.stubEnv("LIVEKIT_API_KEY", "");
    vi.stubEnv("LIVEKIT_API_SECRET", "");
    const error = await caught(() => new AccessToken());
    expect(error.code).toBe("missing_credentials");
    for (const word of ["apiKey", "apiSecret", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET"]) {
      expect(error.message).toContain(word);
    }
    const onlyKey = await caught(() => new AccessToken({ apiKey: "k" }));
    expect(onlyKey.message).toContain("missing or not a string: apiSecret (or LIVEKIT_API_SECRET)");
  });

  it("rejects unknown grant keys, listing the valid ones", async () => {
    const error = await caught(() =>
      new AccessToken(creds).addGrants({ roomName: "x" } as unknown as { room: string }),
    );
    expect(error.code).toBe("invalid_grant");
    expect(error.message).toContain('unknown video grant key "roomName"');
    expect(error.message).toContain("room, destinationRoom");
    const meta = await caught(() =>
      new AccessToken(creds).addGrants({ canUpdateMetadata: true } as unknown as { room: string }),
    );
    expect(meta.message).toContain("canUpdateOwnMetadata");
    const sip = await caught(() =>
      new AccessToken(creds).addSipGrants({ admn: true } as unknown as { admin: boolean }),
    );
    expect(sip.message).toContain("valid keys: admin, call");
    // Names Object.prototype carries are unknown grant keys too, not its members.
    for (const key of ["toString", "constructor", "hasOwnProperty"]) {
      const inherited = await caught(() =>
        new AccessToken(creds).addGrants({ [key]: true } as unknown as { room: string }),
      );
      expect(inherited.message).toContain(`unknown video grant key "${key}"`);
    }
  });

  it("rejects wrong grant value types and unknown enums without echoing values", async () => {
    const secretish = "sk_live_verysecretvalue";
    const wrongType = await caught(() =>
      new AccessToken(creds).addGrants({ roomJoin: secretish } as unknown as { roomJoin: boolean }),
    );
    expect(wrongType.code).toBe("invalid_grant");
    expect(wrongType.message).toBe("video.roomJoin must be a boolean, got a string");
    const source = await caught(() =>
      new AccessToken(creds).addGrants({ canPublishSources: ["webcam"] } as unknown as { room: string }),
    );
    expect(source.message).toContain("camera, microphone, screen_share, screen_share_audio");
    const kind = await caught(() => new AccessToken(creds).addKind("robot" as "agent"));
    expect(kind.message).toContain("standard, egress, ingress, sip, agent, connector, bridge");
    const detail = await caught(() => new AccessToken(creds).addKindDetails("nope" as "forwarded"));
    expect(detail.code).toBe("invalid_grant");
  });

  it("rejects non-string attributes without echoing them", async () => {
    const error = await caught(() =>
      new AccessToken(creds).addAttributes({ token: 12345 } as unknown as Record<string, string>),
    );
    expect(error.code).toBe("invalid_grant");
    expect(error.message).toBe('attribute "token" must be a string, got a number');
  });

  it("requires an identity and a room for roomJoin", async () => {
    const noIdentity = await caught(() =>
      new AccessToken(creds).addGrants({ roomJoin: true, room: "r" }).toJwt(),
    );
    expect(noIdentity.code).toBe("invalid_grant");
    expect(noIdentity.message).toContain("identity");
    const noRoom = await caught(() =>
      new AccessToken(creds).addIdentity("u").addGrants({ roomJoin: true }).toJwt(),
    );
    expect(noRoom.code).toBe("invalid_grant");
    expect(noRoom.message).toContain("room");
  });

  it("never shows the secret in errors or when the token object is printed", async () => {
    const token = new AccessToken(creds).addIdentity("u");
    expect(JSON.stringify(token)).not.toContain(creds.apiSecret);
    const { inspect } = await import("node:util");
    expect(inspect(token, { showHidden: true, depth: 5 })).not.toContain(creds.apiSecret);
    const error = await caught(() => token.addGrants({ roomJoin: true }).toJwt());
    expect(error.message).not.toContain(creds.apiSecret);
  });

  it("leaves out empty attributes and kind details", async () => {
    const { payload } = decodeJwt(
      await new AccessToken(creds).addAttributes({}).addKindDetails("forwarded").addKindDetails().toJwt(),
    );
    expect(payload).not.toHaveProperty("attributes");
    expect(payload).not.toHaveProperty("kindDetails");
  });

  it("exposes identity and ttl", () => {
    const token = new AccessToken({ ...creds, identity: "me", ttl: "5m" });
    expect(token.identity).toBe("me");
    expect(token.ttl).toBe(300);
  });
});

describe.each(entries)("AccessToken (%s entry): payload text", (_name, { AccessToken }) => {
  it("is exactly JSON.stringify of the claims in their fixed order, for any values", async () => {
    const text = fc.string({ unit: "grapheme", maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            identity: fc.string({ unit: "binary", minLength: 1, maxLength: 12 }),
            name: text,
            metadata: fc.string({ unit: "binary", maxLength: 12 }),
            attributes: fc.dictionary(text, text, { minKeys: 1, maxKeys: 3 }),
            kind: fc.constantFrom("standard", "agent", "sip"),
            video: fc.record({ room: text, canPublish: fc.boolean() }, { requiredKeys: [] }),
            sip: fc.record({ admin: fc.boolean(), call: fc.boolean() }, { requiredKeys: [] }),
            roomPreset: text,
            sha256: text,
          },
          { requiredKeys: [] },
        ),
        fc.integer({ min: 1, max: 10 ** 7 }),
        async (claims, ttl) => {
          const token = new AccessToken(creds).addTtl(ttl);
          if (claims.identity !== undefined) token.addIdentity(claims.identity);
          if (claims.name !== undefined) token.addName(claims.name);
          if (claims.metadata !== undefined) token.addMetadata(claims.metadata);
          if (claims.attributes !== undefined) token.addAttributes(claims.attributes);
          if (claims.kind !== undefined) token.addKind(claims.kind);
          if (claims.video !== undefined) token.addGrants(claims.video);
          if (claims.sip !== undefined) token.addSipGrants(claims.sip);
          if (claims.roomPreset !== undefined) token.addRoomPreset(claims.roomPreset);
          if (claims.sha256 !== undefined) token.addSha256(claims.sha256);
          const jwt = await token.toJwt();
          const payload = Buffer.from(jwt.split(".")[1] as string, "base64url").toString("utf8");
          const { nbf } = JSON.parse(payload);
          const expected = {
            iss: creds.apiKey,
            sub: claims.identity,
            nbf,
            exp: nbf + ttl,
            iat: nbf,
            name: claims.name,
            metadata: claims.metadata,
            attributes: claims.attributes,
            kind: claims.kind,
            video: claims.video,
            sip: claims.sip,
            roomPreset: claims.roomPreset,
            sha256: claims.sha256,
          };
          expect(payload).toBe(JSON.stringify(expected));
        },
      ),
      { numRuns: 300 },
    );
  });
});
