import { TransportError } from "@exlivekit/server-sdk";

function codeOf(error: unknown): string | undefined {
  let current: unknown = error;
  // Node's fetch throws TypeError("fetch failed") with the socket error as `cause` (sometimes nested).
  for (let depth = 0; depth < 4 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && code !== "UND_ERR") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Maps whatever `fetch` threw into a typed `TransportError`, keeping it as `cause`. */
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
