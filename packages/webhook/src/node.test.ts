import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKey, apiSecret, roomStartedBody, signDelivery } from "../test/sign.ts";
import { type NodeWebhookRequest, receiveNodeRequest } from "./node.ts";
import { isWebhookError } from "./webhook-error.ts";
import { WebhookReceiver } from "./webhook-receiver.ts";

const receiver = new WebhookReceiver({ apiKey, apiSecret, maxBodyBytes: 4096 });

/** What each path does to the request before the helper sees it, imitating common middleware. */
const middleware: Record<string, (req: NodeWebhookRequest) => Promise<void>> = {
  "/untouched": async () => {},
  // express.raw(): buffers the stream into req.body
  "/raw": async (req) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    req.body = Buffer.concat(chunks);
  },
  // express.json() with a matching type: consumes the stream and leaves an object
  "/json": async (req) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    req.body = JSON.parse(Buffer.concat(chunks).toString());
  },
  // express.text(): the UTF-8 text of the body
  "/text": async (req) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    req.body = Buffer.concat(chunks).toString("utf8");
  },
  // some middleware drained the stream and kept nothing
  "/consumed": async (req) => {
    for await (const _chunk of req) {
      // discard
    }
  },
  // Express 4's json() on a type it does not handle: sets {} and leaves the stream alone
  "/json-skipped": async (req) => {
    req.body = {};
  },
};

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer(async (req: IncomingMessage, res) => {
    try {
      await middleware[req.url ?? ""]?.(req);
      const event = await receiveNodeRequest(receiver, req);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ event: event.event }));
    } catch (error) {
      if (!isWebhookError(error)) throw error;
      res.writeHead(error.status, { "content-type": "application/json" });
      res.end(JSON.stringify({ code: error.code, message: error.message }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function post(path: string, body: string, headers: Record<string, string>) {
  const response = await fetch(base + path, {
    method: "POST",
    body,
    headers: { "content-type": "application/webhook+json", ...headers },
  });
  return { status: response.status, json: (await response.json()) as Record<string, string> };
}

describe("receiveNodeRequest on a real node:http server", () => {
  const authorization = signDelivery(roomStartedBody);

  it("reads the raw body itself, or takes a buffered one", async () => {
    for (const path of ["/untouched", "/raw", "/text", "/json-skipped"]) {
      expect(await post(path, roomStartedBody, { authorization })).toEqual({
        status: 200,
        json: { event: "room_started" },
      });
    }
  });

  it("explains the express.json() mistake", async () => {
    const { status, json } = await post("/json", roomStartedBody, { authorization });
    expect(status).toBe(500);
    expect(json.code).toBe("body_already_parsed");
    expect(json.message).toContain('express.raw({ type: "application/webhook+json" })');
  });

  it("explains a stream that something else consumed", async () => {
    const { status, json } = await post("/consumed", roomStartedBody, { authorization });
    expect(status).toBe(500);
    expect(json.code).toBe("body_already_parsed");
    expect(json.message).toContain("already consumed");
  });

  it("answers unsigned, tampered and oversize deliveries with their status", async () => {
    expect((await post("/untouched", roomStartedBody, {})).json.code).toBe("missing_authorization");
    const tampered = await post("/untouched", roomStartedBody.replace("standup", "standdown"), {
      authorization,
    });
    expect(tampered).toMatchObject({ status: 401, json: { code: "body_hash_mismatch" } });
    const big = `${roomStartedBody}${" ".repeat(5000)}`;
    expect(await post("/untouched", big, { authorization: signDelivery(big) })).toMatchObject({
      status: 413,
      json: { code: "body_too_large" },
    });
  });

  it("a forged delivery is refused before its body is read: 401, not 413, for an oversize one", async () => {
    const big = `${roomStartedBody}${" ".repeat(5000)}`;
    const forged = signDelivery(big, { secret: "attacker-secret-0123456789-0123456789" });
    expect(await post("/untouched", big, { authorization: forged })).toMatchObject({
      status: 401,
      json: { code: "bad_signature" },
    });
  });

  it("stops a chunked upload without content-length at maxBodyBytes and still answers 413", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${base}/untouched`, { method: "POST", headers: { authorization } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      for (let i = 0; i < 10; i++) req.write("x".repeat(1000));
      req.end();
    });
    expect(status).toBe(413);
  });
});
