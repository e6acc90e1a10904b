// The little of each framework the README's endpoint recipes touch, with the frameworks' real shapes, so
// the recipes type-check without installing Express, Fastify, Hono, Deno or Bun.

declare module "express" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  type Handler = (
    req: IncomingMessage & { body?: unknown },
    res: ServerResponse,
    next: (error?: unknown) => void,
  ) => void;
  interface Express {
    all(path: string, handler: Handler): this;
    listen(port: number): unknown;
  }
  export default function express(): Express;
}

declare module "fastify" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  interface FastifyInstance {
    route(options: {
      method: string | string[];
      url: string;
      handler: (
        request: { raw: IncomingMessage; body: unknown },
        reply: { raw: ServerResponse; hijack(): void },
      ) => Promise<void>;
    }): this;
    listen(options: { port: number }): Promise<string>;
  }
  export default function Fastify(): FastifyInstance;
}

declare module "hono" {
  export class Hono {
    on(
      methods: string[],
      path: string,
      handler: (c: { req: { raw: Request } }) => Response | Promise<Response>,
    ): this;
  }
}

declare const Deno: { serve(handler: (request: Request) => Response | Promise<Response>): unknown };

declare const Bun: {
  serve(options: {
    port?: number;
    routes: Record<string, (request: Request) => Response | Promise<Response>>;
  }): unknown;
};
