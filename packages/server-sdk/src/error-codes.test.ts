// Every code of LiveKitErrorCode, produced through the public API, table-driven. The last test fails
// when a code is added to an error union and neither this table nor another test asserts it.
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { untestedErrorCodes } from "../../../scripts/error-code-coverage.mjs";
import { Client } from "./client.ts";
import { type LiveKitError, type LiveKitErrorCode, type TwirpCode, TwirpError } from "./errors.ts";
import { RoomService } from "./services/room.ts";
import type { Transport, TransportResponse } from "./transport.ts";
import { toTransportError } from "./transport-error.ts";

const opts = { host: "http://127.0.0.1:1", apiKey: "key", apiSecret: "secret-secret-secret-secret-secret-1" };
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

function answering(response: TransportResponse): Client {
  const transport: Transport = { request: async () => response };
  return new Client({ ...opts, transport, retry: false });
}

async function caught(run: () => unknown): Promise<LiveKitError> {
  try {
    await run();
  } catch (error) {
    return error as LiveKitError;
  }
  throw new Error("expected an error");
}

/** The server answering a Twirp JSON error with `code`: the error keeps it, with the HTTP status. */
function twirp(code: TwirpCode, status: number) {
  return async () => {
    const client = answering({
      status,
      headers: { "content-type": "application/json" },
      body: json({ code, msg: `the server says ${code}`, meta: { k: "v" } }),
    });
    const error = await caught(() => RoomService.listRooms(client));
    expect(error).toBeInstanceOf(TwirpError);
    expect(error).toMatchObject({ status, msg: `the server says ${code}`, meta: { k: "v" } });
    return error;
  };
}

/** A transport failure whose cause carries `nodeCode`, classified by the shared `toTransportError`. */
function transport(nodeCode: string, requestSent: boolean) {
  return async () => {
    const error = toTransportError(
      Object.assign(new Error("socket"), { code: nodeCode }),
      "host",
      undefined,
      1,
    );
    expect(error.requestSent).toBe(requestSent);
    return error;
  };
}

// A row per code this file produces; codes other files assert (e.g. a transport's response cap) count too.
const cases: Partial<Record<LiveKitErrorCode, () => Promise<LiveKitError>>> = {
  canceled: twirp("canceled", 408),
  unknown: twirp("unknown", 500),
  invalid_argument: twirp("invalid_argument", 400),
  malformed: twirp("malformed", 400),
  deadline_exceeded: twirp("deadline_exceeded", 408),
  not_found: twirp("not_found", 404),
  bad_route: twirp("bad_route", 404),
  already_exists: twirp("already_exists", 409),
  permission_denied: twirp("permission_denied", 403),
  unauthenticated: twirp("unauthenticated", 401),
  resource_exhausted: twirp("resource_exhausted", 429),
  failed_precondition: twirp("failed_precondition", 412),
  aborted: twirp("aborted", 409),
  out_of_range: twirp("out_of_range", 400),
  unimplemented: twirp("unimplemented", 501),
  internal: twirp("internal", 500),
  unavailable: twirp("unavailable", 503),
  data_loss: twirp("data_loss", 500),
  connection_refused: transport("ECONNREFUSED", false),
  connection_reset: transport("ECONNRESET", true),
  connect_timeout: transport("UND_ERR_CONNECT_TIMEOUT", false),
  timeout: transport("UND_ERR_HEADERS_TIMEOUT", true),
  dns_failure: transport("ENOTFOUND", false),
  network_error: transport("EWHATEVER", true),
  missing_config: async () => {
    vi.stubEnv("LIVEKIT_URL", undefined);
    return caught(() => new Client({ apiKey: "k", apiSecret: "s", transport: { request: vi.fn() } }));
  },
  missing_transport: () => caught(() => new Client({ ...opts } as never)),
  invalid_config: () =>
    caught(() => new Client({ ...opts, host: "ftp://x", transport: { request: vi.fn() } })),
  client_closed: async () => {
    const client = answering({ status: 200, headers: {}, body: new Uint8Array() });
    await client.close();
    return caught(() => RoomService.listRooms(client));
  },
  malformed_response: () =>
    caught(() =>
      RoomService.listRooms(
        answering({
          status: 200,
          headers: { "content-type": "application/protobuf" },
          body: new Uint8Array([255]),
        }),
      ),
    ),
};

afterEach(() => vi.unstubAllEnvs());

describe("every LiveKitErrorCode", () => {
  it.each(Object.entries(cases))("%s", async (code, make) => {
    const error = await make();
    expect(error.code).toBe(code);
    expect(error.name).not.toBe("Error");
  });

  it("an aborted call is `aborted`, not a Twirp error", async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await caught(() =>
      RoomService.listRooms(
        answering({ status: 200, headers: {}, body: new Uint8Array() }),
        {},
        {
          signal: controller.signal,
        },
      ),
    );
    expect(error).toMatchObject({ code: "aborted" });
  });

  it("no code of any error union is left without a test", () => {
    const packageDir = fileURLToPath(new URL("..", import.meta.url));
    expect(untestedErrorCodes(packageDir, Object.keys(cases))).toEqual([]);
  }, 60_000);
});

describe("HTTP statuses of non-Twirp answers map as the Twirp spec says", () => {
  const statuses: [number, TwirpCode, boolean][] = [
    [400, "invalid_argument", false],
    [401, "unauthenticated", false],
    [403, "permission_denied", false],
    [404, "bad_route", false],
    [408, "deadline_exceeded", false],
    [409, "already_exists", false],
    [412, "failed_precondition", false],
    [418, "unknown", false],
    [429, "unavailable", true],
    [500, "internal", false],
    [501, "unimplemented", false],
    [502, "unavailable", true],
    [503, "unavailable", true],
    [504, "unavailable", true],
    [505, "internal", false],
  ];
  it.each(statuses)("%i -> %s", async (status, code, retryable) => {
    const client = answering({ status, headers: { "content-type": "text/plain" }, body: json("plain text") });
    const error = await caught(() => RoomService.listRooms(client));
    expect(error).toBeInstanceOf(TwirpError);
    expect(error).toMatchObject({ code, status, retryable, meta: { http_error_from_intermediary: "true" } });
  });

  it("a Twirp body with a code outside the spec falls back to the status mapping", async () => {
    const client = answering({ status: 503, headers: {}, body: json({ code: "weird_new", msg: "m" }) });
    expect(await caught(() => RoomService.listRooms(client))).toMatchObject({
      code: "unavailable",
      status: 503,
    });
  });
});
