import { ConfigError, TransportError } from "./errors.ts";
import { redact } from "./redact.ts";

/**
 * The default `maxResponseBytes` of both transports: 32 MiB. The largest real LiveKit answers are list
 * calls (ListParticipants of a room with thousands of participants, their tracks and metadata, is a few
 * MB); 32 MiB leaves ample headroom for those while bounding what one call can make the process buffer.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** For transport authors: validates a `maxResponseBytes` option (a positive integer), or gives the default. */
export function maxResponseBytesOption(value: number | undefined, transport: string): number {
  if (value === undefined) return DEFAULT_MAX_RESPONSE_BYTES;
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new ConfigError(
      "invalid_config",
      `${transport}: maxResponseBytes must be a positive integer, got ${String(value)}`,
    );
  }
  return value;
}

/**
 * For transport authors: the error for a response past `maxResponseBytes`. The transport stops reading
 * and releases the socket before rejecting with it. Never retried.
 */
export function responseTooLargeError(where: string, limit: number, cause?: unknown): TransportError {
  return new TransportError(
    "response_too_large",
    `the response from ${where} is larger than maxResponseBytes (${limit} bytes); nothing more was read`,
    { cause },
  );
}

/**
 * For transport authors: a 3xx answer, which a transport never follows (the request would be re-sent
 * elsewhere, possibly as a GET, with our headers). `status` is undefined where the runtime hides it
 * (a browser's opaque redirect). Never retried.
 */
export function redirectError(where: string, status: number | undefined): TransportError {
  const what = status === undefined ? "a redirect" : `HTTP ${status}`;
  return new TransportError(
    "redirect",
    `${where} answered ${what}; redirects are never followed: point the client's host at the server itself`,
    { status },
  );
}

/** True for a redirect status (300-399); 304 cannot answer a POST but is refused the same way. */
export function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

function codeOf(error: unknown): string | undefined {
  let current: unknown = error;
  // undici sometimes wraps the socket error one or two levels deep.
  for (let depth = 0; depth < 3 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && code !== "UND_ERR") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * For transport authors: maps whatever an HTTP client threw (Node socket errors, undici's `UND_ERR_*`,
 * fetch's `TypeError` with a `cause`) into a typed {@link TransportError}, keeping the original as `cause`.
 * `reason` is why the transport aborted the request itself, if it did (`closed`: its `close()` ran); `where`
 * names the origin in the message. Pass `written: false` when the transport knows that not a byte of the
 * request reached a socket (its connection failed first, e.g. reset during the TLS handshake): the error
 * then says `requestSent: false` whatever the failure, so even an unsafe call may go again or elsewhere.
 */
export function toTransportError(
  error: unknown,
  where: string,
  reason: "timeout" | "aborted" | "closed" | undefined,
  timeoutMs: number,
  written = true,
): TransportError {
  const mapped = mapError(error, where, reason, timeoutMs);
  if (written || !mapped.requestSent) return mapped;
  return new TransportError(mapped.code, mapped.message, {
    cause: mapped.cause,
    status: mapped.status,
    requestSent: false,
  });
}

function mapError(
  error: unknown,
  where: string,
  reason: "timeout" | "aborted" | "closed" | undefined,
  timeoutMs: number,
): TransportError {
  if (error instanceof TransportError) return error;
  if (reason === "closed") {
    return new TransportError(
      "aborted",
      `the transport was closed while a request to ${where} was in flight`,
      {
        cause: error,
      },
    );
  }
  if (reason === "timeout") {
    return new TransportError("timeout", `request to ${where} timed out after ${Math.round(timeoutMs)} ms`, {
      cause: error,
    });
  }
  if (reason === "aborted")
    return new TransportError("aborted", `request to ${where} was aborted`, { cause: error });
  const code = codeOf(error);
  switch (code) {
    case "ECONNREFUSED":
      return new TransportError("connection_refused", `connection refused by ${where}`, {
        cause: error,
        requestSent: false,
      });
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new TransportError("dns_failure", `cannot resolve the host of ${where}`, {
        cause: error,
        requestSent: false,
      });
    case "UND_ERR_CONNECT_TIMEOUT":
      return new TransportError("connect_timeout", `connecting to ${where} timed out`, {
        cause: error,
        requestSent: false,
      });
    case "ECONNRESET":
    case "EPIPE":
    case "UND_ERR_SOCKET":
    case "UND_ERR_RES_CONTENT_LENGTH_MISMATCH":
      return new TransportError(
        "connection_reset",
        `connection to ${where} was closed before the response completed`,
        {
          cause: error,
        },
      );
    case "UND_ERR_HEADERS_TIMEOUT":
    case "UND_ERR_BODY_TIMEOUT":
    case "ETIMEDOUT":
      return new TransportError("timeout", `request to ${where} timed out`, { cause: error });
    case "UND_ERR_ABORTED":
    case "ABORT_ERR":
      return new TransportError("aborted", `request to ${where} was aborted`, { cause: error });
    case "UND_ERR_HEADERS_OVERFLOW":
      return new TransportError(
        "response_too_large",
        `the response headers from ${where} are larger than the HTTP client accepts`,
        { cause: error },
      );
    case "UND_ERR_DESTROYED":
    case "UND_ERR_CLOSED":
      return new TransportError("network_error", `the transport for ${where} is closed`, {
        cause: error,
        requestSent: false,
      });
    default: {
      const detail = redact(error instanceof Error ? error.message : String(error));
      return new TransportError(
        "network_error",
        `request to ${where} failed${code ? ` (${code})` : ""}: ${detail}`,
        {
          cause: error,
        },
      );
    }
  }
}
