import { request as httpRequest } from "node:http";

/** One request to a recipe's endpoint. */
export interface Ask {
  method: string;
  headers?: Record<string, string>;
  body?: string;
  /**
   * Instead of `body`: an upload that sends `sent` bytes and then neither ends nor sends more, with
   * `Content-Length: declared` (or chunked without it). Only an endpoint that answers at its cap,
   * without waiting for the end, answers it.
   */
  upload?: { sent: number; declared?: number };
}

/** The body of an `upload`: `sent` bytes in 1 KB chunks, then nothing, never an end. */
function unfinished(sent: number): ReadableStream<Uint8Array> {
  let left = sent;
  return new ReadableStream({
    pull(controller) {
      if (left <= 0) return new Promise<void>(() => {}); // the rest never comes
      const size = Math.min(1024, left);
      left -= size;
      controller.enqueue(new Uint8Array(size).fill(0x20));
    },
  });
}

/** The request of an `ask`, for a web handler (the Next.js route's `POST`, workerd). */
export function webRequest({ method, headers = {}, body, upload }: Ask): RequestInit {
  if (upload === undefined) return { method, headers, ...(body === undefined ? {} : { body }) };
  const length = upload.declared === undefined ? {} : { "content-length": String(upload.declared) };
  return {
    method,
    headers: { ...headers, ...length },
    body: unfinished(upload.sent),
    duplex: "half",
  } as RequestInit;
}

/** Sends one request to the recipe's endpoint: over HTTP, or to the exported handler itself. */
export type Send = (ask: Ask) => Promise<Response>;

/**
 * Sends over HTTP to `url` of a running recipe: with fetch, or with node:http for an `upload` (fetch
 * cannot declare a length it does not send). An unfinished upload's answer is read as soon as it arrives.
 */
export function overHttp(url: string): Send {
  return async (ask) => {
    if (ask.upload === undefined) return fetch(url, webRequest(ask));
    const { sent, declared } = ask.upload;
    return new Promise<Response>((resolve, reject) => {
      const headers = {
        ...ask.headers,
        ...(declared === undefined ? {} : { "content-length": String(declared) }),
      };
      const req = httpRequest(url, { method: ask.method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          req.destroy();
          const answer = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (typeof value === "string") answer.set(name, value);
          }
          resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 0, headers: answer }));
        });
      });
      req.on("error", reject);
      for (let left = sent; left > 0; left -= 1024) req.write(" ".repeat(Math.min(1024, left)));
    });
  };
}

/** Hands one request for `url` to a web handler (the Next.js route's `POST`). */
export function toHandler(handler: (request: Request) => Promise<Response>, url: string): Send {
  return (ask) => handler(new Request(url, webRequest(ask)));
}
