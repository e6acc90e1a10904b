import { TransportError } from "./errors.ts";

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
 * `reason` is why the transport aborted the request itself, if it did; `where` names the origin in the message.
 */
export function toTransportError(
  error: unknown,
  where: string,
  reason: "timeout" | "aborted" | undefined,
  timeoutMs: number,
): TransportError {
  if (error instanceof TransportError) return error;
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
    case "UND_ERR_DESTROYED":
    case "UND_ERR_CLOSED":
      return new TransportError("network_error", `the transport for ${where} is closed`, {
        cause: error,
        requestSent: false,
      });
    default: {
      const detail = error instanceof Error ? error.message : String(error);
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
