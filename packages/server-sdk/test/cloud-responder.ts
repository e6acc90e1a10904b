// A local Twirp server on 127.0.0.1 for the LiveKit Cloud services no server here can serve (CloudAgent,
// AgentSimulation, Replay, PhoneNumberService). It does what LiveKit's Twirp servers do with a request:
// routes by path (unknown: 404 bad_route), reads protobuf or JSON by Content-Type, verifies the HS256
// bearer token (bad: 401 plain text, as livekit-server), checks the grant the service needs (missing:
// 401 unauthenticated JSON), and decodes the body strictly with the generated input schema (a field the
// schema lacks: 400 malformed). Each test then sees the decoded request and chooses the answer.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { DescMessage, DescMethod, DescService, Message, MessageInitShape } from "@bufbuild/protobuf";
import { create, fromBinary, fromJson, toBinary, toJsonString } from "@bufbuild/protobuf";
import type { VerifiedClaims } from "@exlivekit/token";
import { verifyToken } from "@exlivekit/token";

/** One request the responder accepted. */
export interface Received {
  /** `livekit.CloudAgent/ListAgents`. */
  readonly label: string;
  /** `protobuf` or `json`, from the Content-Type. */
  readonly format: "protobuf" | "json";
  /** The request decoded with the method's input schema. */
  readonly request: Message;
  /** The verified token's claims. */
  readonly claims: VerifiedClaims;
}

/** A Twirp error to answer with instead of a message. */
export interface TwirpFailure {
  readonly status: number;
  readonly code: string;
  readonly msg: string;
}

/** What a test answers: a message init for the method's output, or a Twirp error. */
export type Answer = MessageInitShape<DescMessage> | { readonly fail: TwirpFailure };

export interface CloudResponder {
  readonly url: string;
  readonly received: Received[];
  /** The answer to the next requests (until changed); default: the output's empty message. */
  answer(fn: ((received: Received) => Answer | undefined) | undefined): void;
  close(): Promise<void>;
}

const MAX_BODY = 1 << 20;

function send(res: ServerResponse, status: number, type: string, body: string | Uint8Array): void {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

function twirpError(res: ServerResponse, failure: TwirpFailure): void {
  send(res, failure.status, "application/json", JSON.stringify({ code: failure.code, msg: failure.msg }));
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Starts the responder. `grants` maps a service's full name to the check LiveKit applies to a caller's
 * claims; a service absent from `services` answers 404 like an unknown route.
 */
export async function startCloudResponder(options: {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly services: readonly DescService[];
  readonly grants: Readonly<Record<string, (claims: VerifiedClaims) => boolean>>;
}): Promise<CloudResponder> {
  const methods = new Map<string, DescMethod>();
  for (const service of options.services) {
    for (const method of service.methods) methods.set(`/twirp/${service.typeName}/${method.name}`, method);
  }
  const received: Received[] = [];
  let answer: ((r: Received) => Answer | undefined) | undefined;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method === "POST" ? methods.get(req.url ?? "") : undefined;
    if (method === undefined) {
      return twirpError(res, { status: 404, code: "bad_route", msg: `no handler for ${req.url}` });
    }
    const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim();
    const format =
      type === "application/protobuf" ? "protobuf" : type === "application/json" ? "json" : undefined;
    const body = await readBody(req);
    if (format === undefined || body === undefined) {
      return twirpError(res, { status: 400, code: "malformed", msg: "unexpected content type or size" });
    }
    const authorization = req.headers.authorization ?? "";
    let claims: VerifiedClaims;
    try {
      if (!authorization.startsWith("Bearer ")) throw new Error("no bearer token");
      claims = await verifyToken(authorization.slice(7), {
        apiKey: options.apiKey,
        apiSecret: options.apiSecret,
      });
    } catch {
      return send(res, 401, "text/plain", "invalid authorization token");
    }
    const label = `${method.parent.typeName}/${method.name}`;
    const allowed = options.grants[method.parent.typeName];
    if (allowed === undefined || !allowed(claims)) {
      return twirpError(res, { status: 401, code: "unauthenticated", msg: "permissions denied" });
    }
    let request: Message;
    try {
      request =
        format === "protobuf"
          ? fromBinary(method.input, body)
          : fromJson(method.input, JSON.parse(body.toString("utf8")));
    } catch (cause) {
      return twirpError(res, { status: 400, code: "malformed", msg: String(cause) });
    }
    const seen: Received = { label, format, request, claims };
    received.push(seen);
    const chosen = answer?.(seen) ?? {};
    if ("fail" in chosen && typeof chosen.fail === "object")
      return twirpError(res, chosen.fail as TwirpFailure);
    const output = create(method.output, chosen as MessageInitShape<DescMessage>);
    if (format === "protobuf") return send(res, 200, "application/protobuf", toBinary(method.output, output));
    return send(res, 200, "application/json", toJsonString(method.output, output));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((cause: unknown) => {
      twirpError(res, { status: 500, code: "internal", msg: String(cause) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answer(fn) {
      answer = fn;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
