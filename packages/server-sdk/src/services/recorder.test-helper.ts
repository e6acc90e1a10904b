// Test-only: a Client whose transport records each request and answers 200 with an empty protobuf
// body (which decodes to the default message of any response type). Lets unit tests assert the exact
// request message and grants a service function sends, with no server.
import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { fromBinary } from "@bufbuild/protobuf";
import { Client } from "../client.ts";
import type { RetryOptions } from "../retry.ts";
import type { TransportRequest, TransportResponse } from "../transport.ts";

/** A recorded request: its path, the JWT claims it carried, and its raw body. */
export interface Recorded {
  /** `/twirp/livekit.Egress/StartEgress` and the like. */
  readonly path: string;
  /** The decoded JWT payload of the Authorization header. */
  readonly claims: Record<string, unknown>;
  /** The request headers as sent. */
  readonly headers: Readonly<Record<string, string>>;
  /** The encoded request message. */
  readonly body: Uint8Array;
  /** The time the transport was given. */
  readonly timeoutMs: number;
}

function claimsOf(authorization: string | undefined): Record<string, unknown> {
  const payload = authorization?.replace(/^Bearer /, "").split(".")[1] ?? "";
  const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
  return JSON.parse(json) as Record<string, unknown>;
}

/** A recording client plus helpers to decode what it sent. */
export function recorder(
  options: {
    timeoutMs?: number;
    retry?: RetryOptions | false;
    respond?: (sent: Recorded) => TransportResponse | undefined;
  } = {},
) {
  const { respond, ...clientOptions } = options;
  const sent: Recorded[] = [];
  const client = new Client({
    host: "http://127.0.0.1:1",
    apiKey: "key",
    apiSecret: "secret-secret-secret-secret-secret-1",
    retry: false,
    ...clientOptions,
    transport: {
      request: async (req: TransportRequest) => {
        const rec = {
          path: new URL(req.url).pathname,
          claims: claimsOf(req.headers.authorization),
          headers: { ...req.headers },
          body: req.body,
          timeoutMs: req.timeoutMs,
        };
        sent.push(rec);
        const answer = respond?.(rec);
        if (answer !== undefined) return answer;
        return { status: 200, headers: { "content-type": "application/protobuf" }, body: new Uint8Array() };
      },
    },
  });
  return {
    client,
    sent,
    /** The last request, decoded as `schema`. */
    last<S extends DescMessage>(schema: S): MessageShape<S> & { readonly $recorded: Recorded } {
      const rec = sent.at(-1);
      if (rec === undefined) throw new Error("nothing was sent");
      return Object.assign(fromBinary(schema, rec.body), { $recorded: rec });
    },
  };
}
