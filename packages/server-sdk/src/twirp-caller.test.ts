// callRpc and wireRpc on their own: what an RPC is made of, the deadline a call gets, and the typed
// failures before anything is sent (closed client, aborted signal, bad timeout, unencodable request,
// unsignable grants). Retries and the attempt loop are attempt-loop.test.ts.
import { getEventListeners } from "node:events";
import { create, toBinary } from "@bufbuild/protobuf";
import { RoomSchema } from "@exlivekit/protocol/models";
import { CreateRoomRequestSchema } from "@exlivekit/protocol/room";
import { RoomServiceWire } from "@exlivekit/protocol/wire/room";
import { describe, expect, it } from "vitest";
import { Client } from "./client.ts";
import { ConfigError, InvalidArgumentError, TransportError } from "./errors.ts";
import type { Transport, TransportRequest } from "./transport.ts";
import { callRpc, wireRpc } from "./twirp-caller.ts";

const opts = { host: "http://127.0.0.1:1", apiKey: "key", apiSecret: "secret-secret-secret-secret-secret-1" };
const ROOM = toBinary(RoomSchema, create(RoomSchema, { name: "r" }));
const createRoom = wireRpc(RoomServiceWire, "createRoom");
const MAX_TIMER_MS = 2_147_483_647;

function recording(clientOptions: { timeoutMs?: number } = {}) {
  const requests: TransportRequest[] = [];
  const transport: Transport = {
    request: async (req) => {
      requests.push({ ...req, headers: { ...req.headers } });
      return { status: 200, headers: { "content-type": "application/protobuf" }, body: ROOM };
    },
  };
  return { client: new Client({ ...opts, ...clientOptions, transport }), requests };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: Error) => error,
  );
}

describe("wireRpc", () => {
  it("names the method, its wire path, types and retry class", () => {
    expect(createRoom).toMatchObject({
      service: "livekit.RoomService",
      name: "CreateRoom",
      label: "livekit.RoomService/CreateRoom",
      path: "/twirp/livekit.RoomService/CreateRoom",
      inputName: "livekit.CreateRoomRequest",
      outputName: "livekit.Room",
      retryClass: "safe",
      serverWaitMs: undefined,
    });
    expect(wireRpc(RoomServiceWire, "sendData").retryClass).toBe("unsafe");
    const wait = (r: { responseTimeoutMs?: number }) => r.responseTimeoutMs ?? 0;
    expect(wireRpc(RoomServiceWire, "performRpc", { serverWaitMs: wait }).serverWaitMs).toBe(wait);
  });

  it("encodes an init object like the message it describes, and decodes the answer", () => {
    expect(createRoom.encode({ name: "r" })).toEqual(
      toBinary(CreateRoomRequestSchema, create(CreateRoomRequestSchema, { name: "r" })),
    );
    expect(createRoom.decode(ROOM).name).toBe("r");
  });
});

describe("callRpc", () => {
  it("sends the encoded request with its auth, content type and deadline, and decodes the answer", async () => {
    const { client, requests } = recording();
    const room = await callRpc(client, createRoom, { name: "r" }, { roomCreate: true });
    expect(room.name).toBe("r");
    const [sent] = requests;
    expect(sent?.url).toBe("http://127.0.0.1:1/twirp/livekit.RoomService/CreateRoom");
    expect(sent?.headers["content-type"]).toBe("application/protobuf");
    expect(sent?.headers.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sent?.body).toEqual(createRoom.encode({ name: "r" }));
  });

  it("a closed client sends nothing: client_closed, naming the RPC", async () => {
    const { client, requests } = recording();
    await client.close();
    const error = await rejection(callRpc(client, createRoom, { name: "r" }, { roomCreate: true }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({
      code: "client_closed",
      message: "livekit.RoomService/CreateRoom: this Client was closed; create a new one",
    });
    expect(requests).toHaveLength(0);
  });

  it("a closed client is reported before the arguments are looked at", async () => {
    const { client } = recording();
    await client.close();
    const error = await rejection(
      callRpc(client, createRoom, { name: "r", maxParticipants: "many" as never }, { roomCreate: true }),
    );
    expect(error).toMatchObject({ code: "client_closed" });
  });

  it("a call's headers are checked as the call's: the error names them", async () => {
    const { client, requests } = recording();
    const error = await rejection(
      callRpc(client, createRoom, { name: "r" }, { roomCreate: true }, { headers: { Authorization: "x" } }),
    );
    expect(error).toMatchObject({ code: "invalid_argument", argument: "headers.authorization" });
    expect(requests).toHaveLength(0);
  });

  it("a client closed while the call signs its token sends nothing", async () => {
    const { client, requests } = recording();
    const pending = rejection(callRpc(client, createRoom, { name: "r" }, { roomCreate: true }));
    await client.close();
    expect(await pending).toMatchObject({ code: "client_closed" });
    expect(requests).toHaveLength(0);
  });

  it("an already-aborted signal sends nothing: aborted, with the signal's reason as cause", async () => {
    const { client, requests } = recording();
    const reason = new Error("user left");
    const error = await rejection(
      callRpc(client, createRoom, { name: "r" }, { roomCreate: true }, { signal: AbortSignal.abort(reason) }),
    );
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({
      code: "aborted",
      requestSent: true,
      message: "livekit.RoomService/CreateRoom was aborted by the caller",
    });
    expect(error.cause).toBe(reason);
    expect(requests).toHaveLength(0);
  });

  it("an abort in flight ends the call; the caller's signal keeps no listener afterwards", async () => {
    const reason = new Error("stop");
    const controller = new AbortController();
    const transport: Transport = {
      request: (req) =>
        new Promise((_resolve, reject) => {
          req.signal?.addEventListener("abort", () =>
            reject(new TransportError("aborted", "aborted", { cause: req.signal?.reason })),
          );
          controller.abort(reason);
        }),
    };
    const client = new Client({ ...opts, transport });
    const error = await rejection(
      callRpc(client, createRoom, { name: "r" }, { roomCreate: true }, { signal: controller.signal }),
    );
    expect(error).toMatchObject({ code: "aborted" });
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);

    const { client: other } = recording();
    const kept = new AbortController();
    await callRpc(other, createRoom, { name: "r" }, { roomCreate: true }, { signal: kept.signal });
    expect(getEventListeners(kept.signal, "abort")).toHaveLength(0);
  });

  it("a call that settled is no longer ended by close()", async () => {
    const { client } = recording();
    const controllers: AbortSignal[] = [];
    const transport: Transport = {
      request: async (req) => {
        if (req.signal) controllers.push(req.signal);
        return { status: 200, headers: { "content-type": "application/protobuf" }, body: ROOM };
      },
    };
    const watched = new Client({ ...opts, transport });
    await callRpc(watched, createRoom, { name: "r" }, { roomCreate: true });
    await watched.close();
    expect(controllers).toHaveLength(1);
    expect(controllers[0]?.aborted).toBe(false);
    await client.close();
  });

  it("a request the codec cannot encode is the caller's InvalidArgumentError, with the cause", async () => {
    const { client, requests } = recording();
    const error = await rejection(
      callRpc(client, createRoom, { name: "r", maxParticipants: "many" as never }, { roomCreate: true }),
    );
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({
      argument: "livekit.CreateRoomRequest",
      message: "livekit.CreateRoomRequest: cannot encode the request: invalid uint32: many",
    });
    expect(error.cause).toBeInstanceOf(Error);
    expect(requests).toHaveLength(0);
  });
});

describe("callRpc deadlines", () => {
  const timeoutOf = async (options: { timeoutMs?: number }, wait?: number, clientTimeoutMs?: number) => {
    const { client, requests } = recording(
      clientTimeoutMs === undefined ? {} : { timeoutMs: clientTimeoutMs },
    );
    const rpc =
      wait === undefined ? createRoom : wireRpc(RoomServiceWire, "createRoom", { serverWaitMs: () => wait });
    await callRpc(client, rpc, { name: "r" }, { roomCreate: true }, options);
    return requests[0]?.timeoutMs ?? Number.NaN;
  };
  const near = (actual: number, expected: number) => {
    expect(actual).toBeLessThanOrEqual(expected);
    expect(actual).toBeGreaterThan(expected - 1_000);
  };

  it("the call's timeout, else the client's", async () => {
    near(await timeoutOf({ timeoutMs: 4_000 }), 4_000);
    near(await timeoutOf({}), 30_000);
    near(await timeoutOf({}, undefined, 12_000), 12_000);
    // A short client deadline stays short for an RPC that does not wait on the server.
    near(await timeoutOf({}, undefined, 5_000), 5_000);
    near(await timeoutOf({}, 0, 5_000), 5_000);
  });

  it("an RPC that waits on the server gets its wait plus a margin, unless the client's is longer", async () => {
    near(await timeoutOf({}, 60_000), 70_000);
    near(await timeoutOf({}, 1_000), 30_000);
    near(await timeoutOf({}, 25_000), 35_000);
    near(await timeoutOf({}, 0), 30_000);
    near(await timeoutOf({}, 60_000, 100_000), 100_000);
    // An explicit timeout wins over the wait.
    near(await timeoutOf({ timeoutMs: 5_000 }, 60_000), 5_000);
  });

  it("is clamped to what timers support", async () => {
    near(await timeoutOf({ timeoutMs: Number.POSITIVE_INFINITY }), MAX_TIMER_MS);
    near(await timeoutOf({ timeoutMs: MAX_TIMER_MS + 1 }), MAX_TIMER_MS);
    near(await timeoutOf({}, 1e12), MAX_TIMER_MS);
    near(await timeoutOf({ timeoutMs: MAX_TIMER_MS }), MAX_TIMER_MS);
  });

  it.each([0, -1, Number.NaN, "5" as unknown as number])(
    "refuses timeoutMs %s before sending",
    async (timeoutMs) => {
      const { client, requests } = recording();
      const error = await rejection(
        callRpc(client, createRoom, { name: "r" }, { roomCreate: true }, { timeoutMs }),
      );
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error).toMatchObject({
        argument: "timeoutMs",
        message: `timeoutMs: must be a positive number of milliseconds, got ${String(timeoutMs)}`,
      });
      expect(requests).toHaveLength(0);
    },
  );
});
