declare module "express" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  interface Request extends IncomingMessage {
    body?: unknown;
    get(name: string): string | undefined;
  }
  interface Response extends ServerResponse {
    status(code: number): this;
    send(body?: unknown): this;
    sendStatus(code: number): this;
  }
  type NextFunction = (error?: unknown) => void;
  type RequestHandler = (req: Request, res: Response, next: NextFunction) => unknown;
  interface Express {
    post(path: string, ...handlers: RequestHandler[]): this;
    use(...handlers: RequestHandler[]): this;
    listen(port: number, callback?: () => void): unknown;
  }
  interface ExpressModule {
    (): Express;
    raw(options?: { type?: string | string[]; limit?: string | number }): RequestHandler;
    json(options?: { type?: string | string[] }): RequestHandler;
  }
  const express: ExpressModule;
  export default express;
  export type { NextFunction, Request, Response };
}
