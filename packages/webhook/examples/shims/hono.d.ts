declare module "hono" {
  interface Env {
    Bindings?: object;
  }
  interface Context<E extends Env> {
    req: { raw: Request; header(name: string): string | undefined };
    env: E["Bindings"];
    text(text: string, status?: number): Response;
    body(data: null, status?: number): Response;
  }
  export class Hono<E extends Env = Env> {
    post(path: string, handler: (c: Context<E>) => Response | Promise<Response>): this;
    fetch: (request: Request, env?: E["Bindings"]) => Response | Promise<Response>;
  }
}
