/**
 * Why a webhook delivery was rejected. Stable: switch on these, not on messages.
 *
 * Authenticity (answer 401): `missing_authorization`, `malformed_token`, `unknown_key`, `bad_signature`,
 * `wrong_algorithm`, `expired`, `not_yet_valid`, `missing_sha256`, `body_hash_mismatch`.
 * Request shape: `body_too_large` (413), `malformed_body` (400), `body_read_failed` (400).
 * Programming or configuration mistakes (500): `missing_credentials`, `invalid_options`,
 * `body_already_parsed`, `unsupported_runtime` (no Web Crypto).
 */
export type WebhookErrorCode =
  | "missing_authorization"
  | "malformed_token"
  | "unknown_key"
  | "bad_signature"
  | "wrong_algorithm"
  | "expired"
  | "not_yet_valid"
  | "missing_sha256"
  | "body_hash_mismatch"
  | "body_too_large"
  | "malformed_body"
  | "body_read_failed"
  | "body_already_parsed"
  | "missing_credentials"
  | "invalid_options"
  | "unsupported_runtime";

/** The HTTP status a handler should answer with for each {@link WebhookErrorCode}. */
export const webhookErrorStatus: Readonly<Record<WebhookErrorCode, 400 | 401 | 413 | 500>> = {
  missing_authorization: 401,
  malformed_token: 401,
  unknown_key: 401,
  bad_signature: 401,
  wrong_algorithm: 401,
  expired: 401,
  not_yet_valid: 401,
  missing_sha256: 401,
  body_hash_mismatch: 401,
  body_too_large: 413,
  malformed_body: 400,
  body_read_failed: 400,
  body_already_parsed: 500,
  missing_credentials: 500,
  invalid_options: 500,
  unsupported_runtime: 500,
};

/** Options accepted by the {@link WebhookError} constructor. */
export interface WebhookErrorOptions {
  /** The underlying failure, kept for debugging. */
  cause?: unknown;
}

/**
 * The one error type every webhook check throws. Messages never contain a secret, a token or the body.
 *
 * @example
 * ```ts
 * try { await receiver.receiveRequest(request) }
 * catch (e) { if (e instanceof WebhookError) return new Response(e.code, { status: e.status }); throw e }
 * ```
 */
export class WebhookError extends Error {
  /** Stable reason, see {@link WebhookErrorCode}. */
  readonly code: WebhookErrorCode;
  /** HTTP status to answer the sender with (401, 400, 413, or 500 for a setup mistake). */
  readonly status: 400 | 401 | 413 | 500;

  /**
   * @param code - stable reason; `status` follows from it
   * @param message - what is wrong, never including a secret, token or body
   * @param options - `cause`
   */
  constructor(code: WebhookErrorCode, message: string, options: WebhookErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "WebhookError";
    this.code = code;
    this.status = webhookErrorStatus[code];
  }
}

/** True when `value` is a {@link WebhookError}, also across bundles or realms that duplicate the class. */
export function isWebhookError(value: unknown): value is WebhookError {
  if (value instanceof WebhookError) return true;
  if (typeof value !== "object" || value === null) return false;
  const { name, code } = value as { name?: unknown; code?: unknown };
  return name === "WebhookError" && typeof code === "string" && Object.hasOwn(webhookErrorStatus, code);
}
