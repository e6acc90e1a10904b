// A local HTTP server on 127.0.0.1 that misbehaves on purpose, one behaviour per first path segment:
// `http://127.0.0.1:P/<scenario>/twirp/...`. Used by the transport conformance suite only.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { create, toBinary } from "@bufbuild/protobuf";
import { RoomSchema } from "@exlivekit/protocol/models";
import { ListRoomsResponseSchema } from "@exlivekit/protocol/room";

/** What the server saw for one request. */
export interface Seen {
  readonly scenario: string;
  readonly path: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: Buffer;
}

type Handler = (req: IncomingMessage, res: ServerResponse, hit: number, body: Buffer) => void;

/** A fixed ListRoomsResponse with one room, in protobuf. */
export function roomsBinary(metadata = "meta"): Uint8Array {
  return toBinary(
    ListRoomsResponseSchema,
    create(ListRoomsResponseSchema, {
      rooms: [create(RoomSchema, { name: "r1", sid: "RM_1", metadata, creationTime: 1700000000n })],
    }),
  );
}

function bodyFor(req: IncomingMessage): Uint8Array {
  if (req.url?.endsWith("/CreateRoom"))
    return toBinary(RoomSchema, create(RoomSchema, { name: "x", sid: "RM_x" }));
  return roomsBinary();
}

function ok(res: ServerResponse, body: Uint8Array = bodyFor(res.req)): void {
  res.writeHead(200, { "content-type": "application/protobuf", "content-length": body.length });
  res.end(body);
}

function twirpError(
  res: ServerResponse,
  status: number,
  code: string,
  msg: string,
  extra: Record<string, string> = {},
): void {
  const body = JSON.stringify({ code, msg, meta: { hint: "x" } });
  res.writeHead(status, { "content-type": "application/json", ...extra });
  res.end(body);
}

/** A JWT-looking string the 401 scenario echoes, to check it never reaches an error message. */
export const ECHOED_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJrZXkifQ.c2lnbmF0dXJlc2lnbmF0dXJl";

const handlers: Record<string, Handler> = {
  ok: (_req, res) => ok(res),
  json: (_req, res) => {
    const body = JSON.stringify({
      rooms: [
        {
          sid: "RM_1",
          name: "r1",
          empty_timeout: 0,
          creation_time: "1700000000",
          metadata: "m",
          enabled_codecs: [],
          future_field: 1,
        },
      ],
    });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(body);
  },
  "reset-once": (req, res, hit) => (hit === 1 ? req.socket.destroy() : ok(res)),
  "reset-mid-body": (_req, res) => {
    res.writeHead(200, { "content-type": "application/protobuf", "content-length": 1000 });
    res.write(Buffer.alloc(100, 1));
    setTimeout(() => res.socket?.destroy(), 20);
  },
  stall: () => {
    // Never answer: the client's deadline or abort must end the call.
  },
  "429-then-ok": (_req, res, hit) =>
    hit === 1 ? twirpError(res, 429, "resource_exhausted", "slow down", { "retry-after": "1" }) : ok(res),
  "429-long": (_req, res) =>
    twirpError(res, 429, "resource_exhausted", "slow down", { "retry-after": "3600" }),
  "503": (_req, res) => twirpError(res, 503, "unavailable", "try later"),
  "503-then-ok": (_req, res, hit) =>
    hit === 1 ? twirpError(res, 503, "unavailable", "try later", { "retry-after": "0" }) : ok(res),
  "500-then-ok": (_req, res, hit) => (hit === 1 ? twirpError(res, 500, "internal", "boom") : ok(res)),
  "401-text": (_req, res) => {
    res.writeHead(401, { "content-type": "text/plain; charset=utf-8" });
    res.end(`invalid token: ${ECHOED_TOKEN}, error: signature is invalid\n`);
  },
  "404": (_req, res) => twirpError(res, 404, "not_found", "room not found"),
  "502-html": (_req, res) => {
    res.writeHead(502, { "content-type": "text/html" });
    res.end("<html><body>Bad Gateway</body></html>");
  },
  truncated: (_req, res) => {
    const full = roomsBinary();
    const cut = full.subarray(0, full.length - 5);
    res.writeHead(200, { "content-type": "application/protobuf", "content-length": cut.length });
    res.end(cut);
  },
  "html-200": (_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<html>captive portal</html>");
  },
  big: (_req, res) => ok(res, roomsBinary("x".repeat(10 * 1024 * 1024))),
  "slow-body": (_req, res) => {
    const body = roomsBinary();
    res.writeHead(200, { "content-type": "application/protobuf", "content-length": body.length });
    let i = 0;
    const step = () => {
      if (res.destroyed) return;
      if (i >= body.length) return void res.end();
      res.write(body.subarray(i, i + 4));
      i += 4;
      setTimeout(step, 15);
    };
    step();
  },
  "very-slow-body": (_req, res) => {
    res.writeHead(200, { "content-type": "application/protobuf", "content-length": 100 });
    res.write(Buffer.alloc(1));
    // The rest never comes.
  },
};

/** The running fault server. */
export interface FaultServer {
  /** `http://127.0.0.1:P`. */
  readonly url: string;
  /** Base URL for one scenario: pass it as the client's `host`. */
  host(scenario: string): string;
  /** Requests seen per scenario. */
  seen(scenario: string): Seen[];
  /** Sockets currently open on the server side. */
  openSockets(): number;
  /** Forgets hit counts (scenarios count hits from 1 again). */
  reset(): void;
  /** Closes the server and any socket still open. */
  close(): Promise<void>;
}

/** Starts a fault server on a free port of 127.0.0.1. */
export async function startFaultServer(): Promise<FaultServer> {
  const hits = new Map<string, Seen[]>();
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const [, scenario = "", ...rest] = (req.url ?? "/").split("/");
      const list = hits.get(scenario) ?? [];
      const body = Buffer.concat(chunks);
      list.push({ scenario, path: `/${rest.join("/")}`, headers: req.headers, body });
      hits.set(scenario, list);
      const handler = handlers[scenario];
      if (handler === undefined) return twirpError(res, 404, "bad_route", `no scenario ${scenario}`);
      handler(req, res, list.length, body);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    host: (scenario) => `${url}/${scenario}`,
    seen: (scenario) => hits.get(scenario) ?? [],
    openSockets: () => sockets.size,
    reset: () => hits.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
