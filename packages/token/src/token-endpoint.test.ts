import { afterEach, describe, expect, it, vi } from "vitest";
import * as nodeEndpoint from "./endpoint.node.ts";
import * as webEndpoint from "./endpoint.ts";
import { verifyToken } from "./index.node.ts";
import { caught, creds } from "./test-support/entries.ts";
import type { AuthorizeResult, TokenEndpointOptions } from "./token-endpoint.ts";
import type { TokenSourceRequest } from "./token-source-request.ts";

const serverUrl = "ws://127.0.0.1:7880";
const url = "http://127.0.0.1/api/livekit/token";

afterEach(() => {
  vi.unstubAllEnvs();
});

function post(body: BodyInit | null, headers: Record<string, string> = {}): Request {
  return new Request(url, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
}

const ask = (body: unknown, headers?: Record<string, string>) => post(JSON.stringify(body), headers);

async function errorOf(response: Response): Promise<{ status: number; code: string; message: string }> {
  expect(response.headers.get("content-type")).toBe("application/json");
  const body = (await response.json()) as { code: string; message: string };
  return { status: response.status, ...body };
}

describe.each([
  ["web", webEndpoint],
  ["node", nodeEndpoint],
])("createTokenEndpoint (%s entry)", (_name, { createTokenEndpoint }) => {
  /** An endpoint whose policy records what it was asked and answers with `decide`. */
  function endpoint(
    decide: (ask: TokenSourceRequest) => AuthorizeResult | Promise<AuthorizeResult>,
    more: Partial<TokenEndpointOptions> = {},
  ) {
    const asks: TokenSourceRequest[] = [];
    const requests: Request[] = [];
    const errors: unknown[] = [];
    const handler = createTokenEndpoint({
      ...creds,
      serverUrl,
      onError: (error) => errors.push(error),
      authorize: (a, request) => {
        asks.push(a);
        requests.push(request);
        return decide(a);
      },
      ...more,
    });
    return { handler, asks, requests, errors };
  }

  const lobby: AuthorizeResult = { identity: "user-1", grants: { roomJoin: true, room: "lobby" } };

  it("answers 200 with server_url and a token that says exactly what authorize returned", async () => {
    const { handler, asks, requests } = endpoint((a) => ({
      identity: "user-1",
      name: "Ada",
      metadata: "m",
      attributes: { team: "blue" },
      kind: "standard",
      grants: { roomJoin: true, room: a.roomName ?? "lobby", canPublish: true },
      roomConfig: a.roomConfig,
      ttl: "10m",
    }));
    const request = ask({
      room_name: "standup",
      participant_identity: "admin",
      participant_name: "Root",
      participant_metadata: "evil",
      participant_attributes: { role: "owner" },
      room_config: { max_participants: "5", agents: [{ agent_name: "helper", metadata: "hi" }] },
    });
    const response = await handler(request);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as Record<string, string>;
    expect(Object.keys(body)).toEqual(["server_url", "participant_token"]);
    expect(body["server_url"]).toBe(serverUrl);
    expect(requests[0]).toBe(request);
    expect(asks[0]).toEqual({
      roomName: "standup",
      participantIdentity: "admin",
      participantName: "Root",
      participantMetadata: "evil",
      participantAttributes: { role: "owner" },
      roomConfig: { maxParticipants: 5, agents: [{ agentName: "helper", metadata: "hi" }] },
    });
    const claims = await verifyToken(body["participant_token"]!, creds);
    expect(claims).toMatchObject({
      identity: "user-1",
      name: "Ada",
      metadata: "m",
      attributes: { team: "blue" },
      video: { roomJoin: true, room: "standup", canPublish: true },
      roomConfig: { maxParticipants: 5, agents: [{ agentName: "helper", metadata: "hi" }] },
    });
    expect(claims.expiresAt - claims.issuedAt!).toBe(600);
  });

  it("copies nothing of the ask into the token by itself", async () => {
    const { handler } = endpoint(() => lobby);
    const response = await handler(
      ask({
        room_name: "other",
        participant_identity: "admin",
        participant_name: "Root",
        participant_metadata: "evil",
        participant_attributes: { role: "owner" },
        room_config: { agents: [{ agent_name: "helper" }] },
      }),
    );
    const claims = await verifyToken(
      ((await response.json()) as { participant_token: string }).participant_token,
      creds,
    );
    expect(claims.payload).not.toHaveProperty("name");
    expect(claims.payload).not.toHaveProperty("metadata");
    expect(claims.payload).not.toHaveProperty("attributes");
    expect(claims.payload).not.toHaveProperty("roomConfig");
    expect(claims.identity).toBe("user-1");
    expect(claims.video).toEqual({ roomJoin: true, room: "lobby" });
  });

  it("reads both JSON spellings, null as unset, empty strings as absent, and ignores unknown fields", async () => {
    const { handler, asks } = endpoint(() => lobby);
    await handler(
      ask({
        roomName: "r",
        participant_name: "",
        participantMetadata: null,
        participant_attributes: { ["__proto__"]: "x" },
        roomConfig: {
          emptyTimeout: 30,
          sync_streams: true,
          future_field: 1,
          agents: [{ agentName: "a", x: 1 }],
        },
        a_field_from_a_newer_client: { anything: true },
      }),
    );
    expect(asks[0]).toEqual({
      roomName: "r",
      participantAttributes: JSON.parse('{"__proto__":"x"}'),
      roomConfig: { emptyTimeout: 30, syncStreams: true, agents: [{ agentName: "a" }] },
    });
    expect(Object.getPrototypeOf(asks[0]!.participantAttributes)).toBe(Object.prototype);
    await handler(ask({}));
    expect(asks[1]).toEqual({ participantAttributes: {} });
  });

  it("accepts a charset parameter on the content type", async () => {
    const { handler } = endpoint(() => lobby);
    const response = await handler(post("{}", { "content-type": "Application/JSON; charset=utf-8" }));
    expect(response.status).toBe(200);
  });

  it("answers 405 to other methods, with Allow", async () => {
    const { handler, asks } = endpoint(() => lobby);
    for (const method of ["GET", "PUT", "OPTIONS"]) {
      const response = await handler(new Request(url, { method }));
      expect(await errorOf(response)).toMatchObject({ status: 405, code: "method_not_allowed" });
      expect(response.headers.get("allow")).toBe("POST");
    }
    expect(asks).toEqual([]);
  });

  it("answers 415 to a body that is not application/json", async () => {
    const { handler } = endpoint(() => lobby);
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "application/jsonp"]) {
      expect(await errorOf(await handler(post("{}", { "content-type": type })))).toMatchObject({
        status: 415,
        code: "unsupported_media_type",
      });
    }
    const untyped = new Request(url, { method: "POST", body: new Uint8Array([123, 125]) });
    expect((await handler(untyped)).status).toBe(415);
  });

  it("answers 413 from content-length without reading the body", async () => {
    const { handler, asks } = endpoint(() => lobby, { maxBodyBytes: 100 });
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        controller.enqueue(new Uint8Array(50));
      },
    });
    const response = await handler(post(body, { "content-length": "101" }));
    expect(await errorOf(response)).toMatchObject({ status: 413, code: "body_too_large" });
    expect(pulls).toBeLessThanOrEqual(1); // a stream may pull once on creation; the endpoint read nothing
    expect(asks).toEqual([]);
  });

  it("stops reading a stream at maxBodyBytes and cancels it", async () => {
    const { handler } = endpoint(() => lobby, { maxBodyBytes: 100 });
    let pulls = 0;
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulls++;
          controller.enqueue(new TextEncoder().encode(" ".repeat(40)));
        },
        cancel() {
          cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );
    expect(await errorOf(await handler(post(body)))).toMatchObject({ status: 413, code: "body_too_large" });
    expect(pulls).toBe(3);
    expect(cancelled).toBe(true);
  });

  it("answers 400 to bad JSON, non-UTF-8 bytes and fields of the wrong type", async () => {
    const { handler, asks } = endpoint(() => lobby);
    const bad = [
      post("{"),
      post(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])),
      post(""),
      ask([]),
      ask("room"),
      ask({ room_name: 5 }),
      ask({ participant_name: 1 }),
      ask({ participant_metadata: true }),
      ask({ participant_identity: { id: 1 } }),
      ask({ participant_attributes: "role=owner" }),
      ask({ room_config: [] }),
      ask({ participant_attributes: { a: 1 } }),
      ask({ participant_attributes: ["a"] }),
      ask({ room_name: "a", roomName: "b" }),
      ask({ room_config: "big" }),
      ask({ room_config: { max_participants: -1 } }),
      ask({ room_config: { max_participants: "1e3" } }),
      ask({ room_config: { agents: [{ agent_name: 7 }] } }),
      ask({ room_config: { agents: {} } }),
      ask({ room_config: { agents: [{ restart_policy: "ALWAYS" }] } }),
      ask({ room_config: { emptyTimeout: 1, empty_timeout: 2 } }),
      ask({ room_config: { egress: { room: JSON.parse(`${"[".repeat(40)}${"]".repeat(40)}`) } } }),
    ];
    for (const [i, request] of bad.entries()) {
      const error = await errorOf(await handler(request));
      expect(error, `case ${i}`).toMatchObject({ status: 400, code: "invalid_request" });
    }
    expect(asks).toEqual([]);
    const { message } = await errorOf(await handler(ask({ room_config: { agents: [{ agent_name: 7 }] } })));
    expect(message).toBe("roomConfig.agents[0].agentName must be a string, got a number");
  });

  it("answers 401 to null or undefined and 401/403 to a denial, with its message", async () => {
    for (const result of [null, undefined]) {
      const response = await endpoint(() => result).handler(ask({}));
      expect(await errorOf(response)).toEqual({
        status: 401,
        code: "unauthorized",
        message: "sign in to get a token",
      });
    }
    const forbidden = await endpoint(() => ({ deny: 403, message: "not your room" })).handler(ask({}));
    expect(await errorOf(forbidden)).toEqual({ status: 403, code: "forbidden", message: "not your room" });
    const unauthorized = await endpoint(() => ({ deny: 401 })).handler(ask({}));
    expect(await errorOf(unauthorized)).toMatchObject({ status: 401, code: "unauthorized" });
  });

  it("answers 500 when authorize throws, saying nothing of the exception", async () => {
    const secret = "db password is hunter2";
    const { handler, errors } = endpoint(() => {
      throw new Error(secret);
    });
    const response = await handler(ask({}));
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(JSON.parse(text)).toEqual({ code: "internal_error", message: "the token endpoint failed" });
    expect(text).not.toContain("hunter2");
    expect((errors[0] as Error).message).toBe(secret);
    const rejected = endpoint(() => Promise.reject(new Error(secret)));
    expect((await rejected.handler(ask({}))).status).toBe(500);
    expect(rejected.errors).toHaveLength(1);
  });

  it("answers 500 to a result no token can carry, and reports it", async () => {
    const results = [
      { identity: "", grants: {} },
      { identity: "u", grants: { roomJoin: true } }, // no room
      { identity: "u", grants: { roomName: "x" } },
      {
        identity: "u",
        grants: {},
        roomConfig: { egress: { room: { fileOutputs: [{ s3: { secret: "k" } }] } } },
      },
      { deny: 404 },
      "yes",
      true,
    ] as unknown as AuthorizeResult[];
    for (const result of results) {
      const { handler, errors } = endpoint(() => result);
      expect(await errorOf(await handler(ask({})))).toMatchObject({ status: 500, code: "internal_error" });
      expect(errors).toHaveLength(1);
    }
  });

  it("still answers 500 when onError itself throws", async () => {
    const { handler } = endpoint(
      () => {
        throw new Error("policy");
      },
      {
        onError: () => {
          throw new Error("logger down");
        },
      },
    );
    expect((await handler(ask({}))).status).toBe(500);
  });

  describe("CORS", () => {
    const origin = "https://app.example";
    const preflight = (from: string) =>
      new Request(url, {
        method: "OPTIONS",
        headers: {
          origin: from,
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type",
        },
      });

    it("answers an allowed preflight with 204 and the CORS headers", async () => {
      const { handler, asks } = endpoint(() => lobby, { cors: { origin } });
      const response = await handler(preflight(origin));
      expect(response.status).toBe(204);
      expect(Object.fromEntries(response.headers)).toEqual({
        "access-control-allow-origin": origin,
        "access-control-allow-methods": "POST",
        "access-control-allow-headers": "content-type, authorization",
        "access-control-max-age": "600",
        vary: "Origin",
      });
      expect(asks).toEqual([]);
    });

    it("refuses a preflight from another origin with 403 and no CORS headers", async () => {
      const { handler } = endpoint(() => lobby, { cors: { origin: [origin, "https://b.example"] } });
      const response = await handler(preflight("https://evil.example"));
      expect(await errorOf(response.clone())).toMatchObject({ status: 403, code: "forbidden" });
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
      expect((await handler(preflight("https://b.example"))).status).toBe(204);
    });

    it("adds the headers to answers and errors for an allowed origin, with credentials when asked", async () => {
      const { handler } = endpoint(() => lobby, {
        cors: { origin: (o) => o.endsWith(".example"), credentials: true },
      });
      const ok = await handler(ask({}, { origin }));
      expect(ok.status).toBe(200);
      expect(ok.headers.get("access-control-allow-origin")).toBe(origin);
      expect(ok.headers.get("access-control-allow-credentials")).toBe("true");
      expect(ok.headers.get("vary")).toBe("Origin");
      const wrong = await handler(new Request(url, { method: "GET", headers: { origin } }));
      expect(wrong.status).toBe(405);
      expect(wrong.headers.get("allow")).toBe("POST, OPTIONS");
      expect(wrong.headers.get("access-control-allow-origin")).toBe(origin);
      const other = await handler(ask({}, { origin: "https://evil.test" }));
      expect(other.headers.get("access-control-allow-origin")).toBeNull();
    });

    it('allows any origin with "*", never with credentials', async () => {
      const { handler } = endpoint(() => lobby, { cors: { origin: "*" } });
      expect((await handler(preflight("https://x.test"))).headers.get("access-control-allow-origin")).toBe(
        "*",
      );
      const error = await caught(() => endpoint(() => lobby, { cors: { origin: "*", credentials: true } }));
      expect(error.code).toBe("invalid_option");
    });
  });

  describe("options", () => {
    it("take credentials and URL from the environment", async () => {
      vi.stubEnv("LIVEKIT_API_KEY", creds.apiKey);
      vi.stubEnv("LIVEKIT_API_SECRET", creds.apiSecret);
      vi.stubEnv("LIVEKIT_URL", "wss://example.livekit.cloud");
      const handler = createTokenEndpoint({ authorize: () => lobby });
      const body = (await (await handler(ask({}))).json()) as Record<string, string>;
      expect(body["server_url"]).toBe("wss://example.livekit.cloud");
      expect((await verifyToken(body["participant_token"]!, creds)).identity).toBe("user-1");
    });

    it("fail at creation without credentials, URL or policy", async () => {
      vi.stubEnv("LIVEKIT_API_KEY", "");
      vi.stubEnv("LIVEKIT_URL", "");
      const authorize = () => lobby;
      expect((await caught(() => createTokenEndpoint({ authorize, serverUrl }))).code).toBe(
        "missing_credentials",
      );
      expect((await caught(() => createTokenEndpoint({ ...creds, authorize }))).code).toBe("invalid_option");
      expect(
        (await caught(() => createTokenEndpoint({ ...creds, authorize, serverUrl: "livekit" }))).code,
      ).toBe("invalid_option");
      const noPolicy = {} as TokenEndpointOptions;
      expect((await caught(() => createTokenEndpoint({ ...noPolicy, ...creds, serverUrl }))).code).toBe(
        "invalid_option",
      );
      const sized = { ...creds, authorize, serverUrl, maxBodyBytes: 0 };
      expect((await caught(() => createTokenEndpoint(sized))).code).toBe("invalid_option");
    });
  });
});
