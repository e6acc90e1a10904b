// The one call of Deno and of Bun the token README's recipes make, as those runtimes type it. Their own
// type packages redeclare Node's globals, so they are not loaded next to @types/node here.

declare const Deno: {
  serve(
    options: { port?: number; hostname?: string },
    handler: (request: Request) => Response | Promise<Response>,
  ): unknown;
};

declare const Bun: {
  serve(options: {
    port?: number;
    hostname?: string;
    routes: Record<string, (request: Request) => Response | Promise<Response>>;
  }): unknown;
};
