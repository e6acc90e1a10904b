import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenEndpoint } from "./endpoint.node.ts";
import { verifyToken } from "./index.node.ts";
import { handleNodeRequest, type NodeTokenRequest } from "./node.ts";
import { creds } from "./test-support/entries.ts";
import type { TokenSourceRequest } from "./token-source-request.ts";

const seen: Array<{ ask: TokenSourceRequest; cookie: string | null; url: string }> = [];
const endpoint = createTokenEndpoint({
  ...creds,
  serverUrl: "ws://127.0.0.1:7880",
  maxBodyBytes: 4096,
  cors: { origin: "https://app.example" },
  authorize: (ask, request) => {
    seen.push({ ask, cookie: request.headers.get("cookie"), url: request.url });
    if (request.headers.get("cookie") !== "session=ada") return null;
    return { identity: "ada", grants: { roomJoin: true, room: ask.roomName ?? "lobby" } };
  },
});

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** What each path does before the adapter runs, imitating common frameworks' body handling. */
const frameworks: Record<string, (req: NodeTokenRequest) => Promise<{ body?: unknown } | undefined>> = {
  "/untouched": async () => undefined,
  // express.json(): consumes the stream and leaves the parsed object
  "/express-json": async (req) => {
    req.body = JSON.parse((await readAll(req)).toString());
    return undefined;
  },
  // express.raw() / express.text()
  "/raw": async (req) => {
    req.body = await readAll(req);
    return undefined;
  },
  "/text": async (req) => {
    req.body = (await readAll(req)).toString("utf8");
    return undefined;
  },
  // Express 4's json() on a type it skips: `{}` and an untouched stream
  "/skipped": async (req) => {
    req.body = {};
    return undefined;
  },
  // Fastify: the parsed body lives on its own request object, passed as an option
  "/fastify": async (req) => ({ body: JSON.parse((await readAll(req)).toString()) }),
  // something drained the stream and kept nothing
  "/consumed": async (req) => {
    await readAll(req);
    return undefined;
  },
};

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer(async (req: NodeTokenRequest, res) => {
    try {
      const options = await frameworks[req.url ?? ""]?.(req);
      await handleNodeRequest(endpoint, req, res, options);
    } catch (error) {
      res.writeHead(500).end(`adapter threw ${(error as { code?: string }).code}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(base + path, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", cookie: "session=ada", ...headers },
  });
}

describe("handleNodeRequest on a real node:http server", () => {
  it("streams an untouched body, or takes what a framework read", async () => {
    for (const path of ["/untouched", "/express-json", "/raw", "/text", "/skipped", "/fastify"]) {
      seen.length = 0;
      const response = await post(path, JSON.stringify({ room_name: "standup" }));
      expect(response.status, path).toBe(200);
      const { participant_token } = (await response.json()) as { participant_token: string };
      expect((await verifyToken(participant_token, creds)).video?.room, path).toBe("standup");
      expect(seen[0]).toEqual({
        ask: { roomName: "standup", participantAttributes: {} },
        cookie: "session=ada",
        url: `${base}${path}`,
      });
    }
  });

  it("passes on the endpoint's status, headers and error body", async () => {
    const denied = await post("/untouched", "{}", { cookie: "session=eve" });
    expect([denied.status, await denied.json()]).toEqual([
      401,
      { code: "unauthorized", message: "sign in to get a token" },
    ]);
    const preflight = await fetch(`${base}/untouched`, {
      method: "OPTIONS",
      headers: { origin: "https://app.example", "access-control-request-method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://app.example");
    const wrongType = await post("/untouched", "{}", { "content-type": "text/plain" });
    expect(wrongType.status).toBe(415);
  });

  it("refuses a body that something consumed and nobody kept", async () => {
    const response = await post("/consumed", "{}");
    expect([response.status, await response.text()]).toEqual([500, "adapter threw invalid_option"]);
  });

  /** Sends headers and some body but never ends the request: only an answer that does not wait for the end arrives. */
  function unfinishedUpload(headers: Record<string, string>, chunks: number) {
    return new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
      const req = httpRequest(
        `${base}/untouched`,
        { method: "POST", headers: { "content-type": "application/json", ...headers } },
        (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, connection: res.headers.connection });
          req.destroy();
        },
      );
      req.on("error", reject);
      for (let i = 0; i < chunks; i++) req.write(" ".repeat(1000));
    });
  }

  it("answers 413 to a declared oversize body without reading it, and closes the connection", async () => {
    expect(await unfinishedUpload({ "content-length": String(10 * 1024 * 1024) }, 1)).toEqual({
      status: 413,
      connection: "close",
    });
  });

  it("answers 413 to a chunked upload as soon as it passes maxBodyBytes", async () => {
    expect(await unfinishedUpload({}, 5)).toEqual({ status: 413, connection: "close" });
  });
});
