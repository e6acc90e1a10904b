declare module "fastify" {
  import type { IncomingMessage } from "node:http";

  interface FastifyRequest {
    body: unknown;
    headers: IncomingMessage["headers"];
    raw: IncomingMessage;
  }
  interface FastifyReply {
    code(statusCode: number): this;
    send(payload?: unknown): this;
  }
  type ContentTypeParserDone = (error: Error | null, body?: unknown) => void;
  interface FastifyInstance {
    addContentTypeParser(
      contentType: string | string[],
      options: { parseAs: "string" | "buffer"; bodyLimit?: number },
      parser: (request: FastifyRequest, body: Buffer | string, done: ContentTypeParserDone) => void,
    ): void;
    post(path: string, handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>): this;
    listen(options: { port: number; host?: string }): Promise<string>;
  }
  export default function Fastify(options?: { logger?: boolean }): FastifyInstance;
}
