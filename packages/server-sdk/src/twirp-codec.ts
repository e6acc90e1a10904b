import { MalformedResponseError, type TwirpCode, TwirpError } from "./errors.ts";
import { redact } from "./redact.ts";
import type { TransportResponse } from "./transport.ts";
import type { Rpc } from "./twirp-caller.ts";

/**
 * How request and response messages travel. The default, binary protobuf, is built in; JSON is an opt-in
 * (`jsonFormat` from `@exlivekit/server-sdk/json`) so that a program that never speaks it carries none of it.
 */
export interface WireCodec {
  /** `"protobuf"` or `"json"`. */
  readonly name: string;
  /** Content-Type of requests, and the one responses must have. */
  readonly contentType: string;
  /** Encodes a request message or init object; throws on a value the message cannot hold. */
  encode(rpc: Rpc, message: object): Uint8Array;
  /** Decodes a response body; throws on bytes that are not the response message. */
  decode(rpc: Rpc, body: Uint8Array): object;
}

/** The `format` option of a client: `"protobuf"` (default) or a `WireCodec` such as `jsonFormat`. */
export type WireFormat = "protobuf" | WireCodec;

/** Binary protobuf through each method's own generated (or descriptor-built) codec. */
export const protobufFormat: WireCodec = {
  name: "protobuf",
  contentType: "application/protobuf",
  encode: (rpc, message) => rpc.encode(message as never),
  decode: (rpc, body) => rpc.decode(body),
};

function headerValue(response: TransportResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Decodes a 200 response body, or throws `MalformedResponseError`. */
export function decodeMessage(rpc: Rpc, response: TransportResponse, format: WireCodec): object {
  const contentType = headerValue(response, "content-type");
  // A proxy or captive portal answering 200 with HTML must not be decoded as protobuf by luck.
  if (contentType !== undefined && !contentType.startsWith(format.contentType)) {
    throw new MalformedResponseError(
      `${rpc.label} answered 200 with content-type "${redact(contentType)}", expected ${format.contentType}`,
      { status: response.status },
    );
  }
  try {
    return format.decode(rpc, response.body);
  } catch (cause) {
    throw new MalformedResponseError(
      `${rpc.label} answered 200 with a body that is not a valid ${rpc.outputName}`,
      {
        status: response.status,
        cause,
      },
    );
  }
}

const decoder = new TextDecoder();

const TWIRP_CODES = new Set<string>([
  "canceled",
  "unknown",
  "invalid_argument",
  "malformed",
  "deadline_exceeded",
  "not_found",
  "bad_route",
  "already_exists",
  "permission_denied",
  "unauthenticated",
  "resource_exhausted",
  "failed_precondition",
  "aborted",
  "out_of_range",
  "unimplemented",
  "internal",
  "unavailable",
  "data_loss",
]);

/** The Twirp spec's mapping for responses that are not Twirp errors (proxies, auth middleware). */
function codeFromStatus(status: number): TwirpCode {
  switch (status) {
    case 400:
      return "invalid_argument";
    case 401:
      return "unauthenticated";
    case 403:
      return "permission_denied";
    case 404:
      return "bad_route";
    case 408:
      return "deadline_exceeded";
    case 409:
      return "already_exists";
    case 412:
      return "failed_precondition";
    case 429:
    case 502:
    case 503:
    case 504:
      return "unavailable";
    case 501:
      return "unimplemented";
    default:
      return status >= 500 ? "internal" : "unknown";
  }
}

// A Twirp error is a few hundred bytes; anything bigger is a proxy page or garbage, read only as a prefix.
const MAX_ERROR_JSON_BYTES = 64 * 1024;
const MAX_ERROR_TEXT_BYTES = 2 * 1024;
const MAX_META_ENTRIES = 32;

function stringMeta(value: unknown): Record<string, string> {
  // No prototype: a server's `__proto__` key is just a key.
  const meta: Record<string, string> = Object.create(null);
  if (typeof value !== "object" || value === null) return meta;
  let entries = 0;
  for (const k in value) {
    if (!Object.hasOwn(value, k)) continue;
    const v = (value as Record<string, unknown>)[k];
    if (typeof v !== "string") continue;
    if (entries++ >= MAX_META_ENTRIES) break;
    meta[redact(k)] = redact(v);
  }
  return meta;
}

/** Builds the typed error for a non-200 response; never throws itself. */
export function errorFromResponse(response: TransportResponse, rpc: string): TwirpError {
  const status = response.status;
  const body = response.body;
  if (body.length <= MAX_ERROR_JSON_BYTES) {
    try {
      const parsed: unknown = JSON.parse(decoder.decode(body));
      if (typeof parsed === "object" && parsed !== null) {
        const { code, msg, meta } = parsed as { code?: unknown; msg?: unknown; meta?: unknown };
        if (typeof code === "string" && TWIRP_CODES.has(code)) {
          return new TwirpError(code as TwirpCode, redact(typeof msg === "string" ? msg : ""), {
            status,
            meta: stringMeta(meta),
            rpc,
          });
        }
      }
    } catch {
      // Not JSON: the server's auth middleware and proxies answer in plain text.
    }
  }
  // Only a prefix is decoded: redact() would look at no more than that anyway.
  const text = decoder.decode(body.subarray(0, MAX_ERROR_TEXT_BYTES));
  const msg = redact(text.trim()) || `HTTP ${status}`;
  return new TwirpError(codeFromStatus(status), msg, {
    status,
    meta: { http_error_from_intermediary: "true" },
    rpc,
  });
}
