/**
 * Stable codes of {@link TokenError}. Switch on these, never on the message.
 *
 * - `malformed`: not a compact JWS (three base64url parts holding JSON objects).
 * - `wrong_algorithm`: the header names an algorithm other than HS256, or uses unsupported header features.
 * - `unknown_key`: the `iss` claim is missing or names an API key that is not in the key set.
 * - `bad_signature`: the HMAC does not match the secret of that API key.
 * - `missing_exp`: the token has no `exp` claim (LiveKit tokens always carry one).
 * - `expired`: `exp` is in the past, beyond the clock tolerance.
 * - `not_yet_valid`: `nbf` is in the future, beyond the clock tolerance.
 * - `invalid_claims`: a signed claim has the wrong type (e.g. `video.roomJoin` is a string).
 * - `missing_credentials`: no API key/secret given and none found in the environment.
 * - `invalid_grant`: a grant, attribute, kind or room configuration passed to the builder is not valid.
 * - `invalid_option`: an option (TTL, clock tolerance, key set, …) is not valid.
 * - `unsupported_runtime`: the runtime lacks the Web Crypto API.
 */
export type TokenErrorCode =
  | "malformed"
  | "wrong_algorithm"
  | "unknown_key"
  | "bad_signature"
  | "missing_exp"
  | "expired"
  | "not_yet_valid"
  | "invalid_claims"
  | "missing_credentials"
  | "invalid_grant"
  | "invalid_option"
  | "unsupported_runtime";

const brand = Symbol.for("@exlivekit/token.TokenError");

/**
 * The one error type of this package: every failure to build, sign or verify a token is a `TokenError`
 * with a stable {@link TokenErrorCode}. Messages name what is wrong but never contain a secret or a token.
 */
export class TokenError extends Error {
  /** Stable machine-readable reason. */
  readonly code: TokenErrorCode;

  /**
   * @param code - stable reason
   * @param message - human-readable explanation (never includes secrets or tokens)
   * @param options - `cause`: the underlying error, if any
   */
  constructor(code: TokenErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TokenError";
    this.code = code;
    Object.defineProperty(this, brand, { value: true });
  }
}

/**
 * True for a {@link TokenError}, also one thrown by another copy of this package (ESM and CJS builds
 * side by side), where `instanceof` would fail.
 */
export function isTokenError(value: unknown): value is TokenError {
  return value instanceof TokenError || (typeof value === "object" && value !== null && brand in value);
}
