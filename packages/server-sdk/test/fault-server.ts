// A local HTTP server on 127.0.0.1 that misbehaves on purpose, one behaviour per first path segment:
// `http://127.0.0.1:P/<scenario>/twirp/...`. Used by the transport conformance suite only.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { type AddressInfo, createServer as createTcpServer, type Socket } from "node:net";
import { create, toBinary } from "@bufbuild/protobuf";
import { RoomSchema } from "@exlivekit/protocol/models";
import { ListRoomsResponseSchema } from "@exlivekit/protocol/room";

/** What the server saw for one request. */
export interface Seen {
  readonly scenario: string;
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage["headers"];
  /** Names and values as they came, alternating: shows a header sent twice. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
}

type Handler = (req: IncomingMessage, res: ServerResponse, hit: number, body: Buffer, ctx: Context) => void;

/** What a handler can reach besides the request. */
interface Context {
  /** Counts body bytes a streaming handler managed to write before the client went away. */
  wrote(bytes: number): void;
  /** Where redirect scenarios point: another origin. */
  readonly elsewhere: string;
}

/**
 * Deterministic base64url-like text: one run of token characters with no dot, what made the old redaction
 * pattern backtrack (standard base64's `+` and `/` would cut it into short runs and hide the cost).
 */
export function base64Like(length: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = alphabet.charCodeAt((i * 7 + (i >> 3)) % 64);
  return out.toString("latin1");
}

// Built once: the scenarios that send them measure how long the client keeps the event loop busy, and this
// process also runs the server, whose own work must not count.
const BASE64_BODIES = {
  text20k: Buffer.from(base64Like(20 * 1024)),
  text1m: Buffer.from(base64Like(1024 * 1024)),
  json: Buffer.from(
    JSON.stringify({ code: "internal", msg: base64Like(20 * 1024), meta: { blob: base64Like(20 * 1024) } }),
  ),
};

// Writes `chunk` again and again, honouring backpressure, until `total` bytes or the client goes away.
function stream(res: ServerResponse, chunk: Buffer, total: number, ctx: Context): void {
  let sent = 0;
  const pump = () => {
    while (sent < total && !res.destroyed) {
      sent += chunk.length;
      ctx.wrote(chunk.length);
      if (!res.write(chunk)) return void res.once("drain", pump);
    }
    if (!res.destroyed) res.end();
  };
  res.on("close", () => res.off("drain", pump));
  pump();
}

function redirect(status: number): Handler {
  return (_req, res, _hit, _body, ctx) => {
    res.writeHead(status, { location: `${ctx.elsewhere}/ok/twirp/livekit.RoomService/CreateRoom` });
    res.end();
  };
}

// A raw reply on the socket, for responses Node's HTTP server refuses to produce (a lying Content-Length).
function raw(req: IncomingMessage, text: string): void {
  req.socket.end(text);
}

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
  // One byte every 20 ms, forever: data keeps arriving, so only the call's own deadline can end it.
  drip: (_req, res) => {
    res.writeHead(200, { "content-type": "application/protobuf", "content-length": 1_000_000 });
    const timer = setInterval(() => {
      if (res.destroyed) return clearInterval(timer);
      res.write(Buffer.alloc(1, 1));
    }, 20);
    // The server's own timer lives until it sees the socket close, which can come a moment after the
    // client gave up: unref'd, it is not counted as a timer the client left behind.
    timer.unref();
    res.on("close", () => clearInterval(timer));
  },
  "short-body": (req) =>
    raw(
      req,
      "HTTP/1.1 200 OK\r\ncontent-type: application/protobuf\r\ncontent-length: 1000\r\n\r\n" +
        "x".repeat(100),
    ),
  // 100 MB declared up front, and 100 MB chunked (no length to check first): the cap must stop both.
  "huge-declared": (_req, res, _hit, _body, ctx) => {
    res.writeHead(200, { "content-type": "application/protobuf", "content-length": 100 * 1024 * 1024 });
    stream(res, Buffer.alloc(64 * 1024, 1), 100 * 1024 * 1024, ctx);
  },
  "huge-chunked": (_req, res, _hit, _body, ctx) => {
    res.writeHead(200, { "content-type": "application/protobuf" });
    stream(res, Buffer.alloc(64 * 1024, 1), 100 * 1024 * 1024, ctx);
  },
  "huge-headers": (req) => {
    const filler = Array.from({ length: 80 }, (_, i) => `x-filler-${i}: ${"a".repeat(1000)}\r\n`).join("");
    raw(req, `HTTP/1.1 200 OK\r\ncontent-type: application/protobuf\r\n${filler}content-length: 0\r\n\r\n`);
  },
  "503-base64-20k": (_req, res) => {
    res.writeHead(503, { "content-type": "text/plain" });
    res.end(BASE64_BODIES.text20k);
  },
  "503-base64-1m": (_req, res) => {
    res.writeHead(503, { "content-type": "text/plain" });
    res.end(BASE64_BODIES.text1m);
  },
  "500-base64-json": (_req, res) => {
    res.writeHead(500, { "content-type": "application/json" });
    res.end(BASE64_BODIES.json);
  },
  garbage: (_req, res) => ok(res, Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x0a, 0xff])),
  "unknown-code": (_req, res) => {
    res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ code: "quantum_flux", msg: "nobody knows" }));
  },
  "301": redirect(301),
  "302": redirect(302),
  "307": redirect(307),
  "503-retry-later": (_req, res) => twirpError(res, 503, "unavailable", "try later", { "retry-after": "2" }),
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
  /** The bearer tokens of every request seen since the last reset. */
  tokens(): string[];
  /** Sockets currently open on the server side. */
  openSockets(): number;
  /** Responses not yet finished or dropped: a half-sent body whose socket the client has not let go. */
  openResponses(): number;
  /** Body bytes streaming scenarios wrote before the client went away. */
  written(): number;
  /** Forgets hit counts (scenarios count hits from 1 again). */
  reset(): void;
  /** Closes the server and any socket still open. */
  close(): Promise<void>;
}

/**
 * Starts a fault server on a free port of 127.0.0.1. `elsewhere` is the origin redirect scenarios point
 * at (another fault server, whose `seen` then shows whether anything followed).
 */
export async function startFaultServer(elsewhere = "http://127.0.0.1:9"): Promise<FaultServer> {
  const hits = new Map<string, Seen[]>();
  const sockets = new Set<Socket>();
  let written = 0;
  let openResponses = 0;
  const ctx: Context = {
    wrote: (bytes) => {
      written += bytes;
    },
    elsewhere,
  };
  const server: Server = createServer((req, res) => {
    openResponses++;
    res.on("close", () => openResponses--);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const [, scenario = "", ...rest] = (req.url ?? "/").split("/");
      const list = hits.get(scenario) ?? [];
      const body = Buffer.concat(chunks);
      list.push({
        scenario,
        method: req.method ?? "",
        path: `/${rest.join("/")}`,
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body,
      });
      hits.set(scenario, list);
      const handler = handlers[scenario];
      if (handler === undefined) return twirpError(res, 404, "bad_route", `no scenario ${scenario}`);
      handler(req, res, list.length, body, ctx);
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
    tokens: () =>
      [...hits.values()].flatMap((list) =>
        list.flatMap((seen) => seen.headers.authorization?.replace(/^Bearer /, "") ?? []),
      ),
    openSockets: () => sockets.size,
    openResponses: () => openResponses,
    written: () => written,
    reset: () => {
      hits.clear();
      written = 0;
    },
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

/** A TCP server that accepts connections and never says a word: HTTP never answers. */
export async function startSilentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
