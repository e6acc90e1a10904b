/** Stable `code` of a token endpoint's error answer: `{ "code": …, "message": … }`. */
export type TokenEndpointErrorCode =
  | "method_not_allowed"
  | "unsupported_media_type"
  | "body_too_large"
  | "invalid_request"
  | "unauthorized"
  | "forbidden"
  | "internal_error";

/**
 * Thrown inside the token endpoint to answer with an error status; the handler turns it into the JSON
 * answer, so it never reaches the caller. The message is shown to the client: never put an exception's
 * text in it.
 */
export class Rejection {
  constructor(
    readonly status: number,
    readonly code: TokenEndpointErrorCode,
    readonly message: string,
  ) {}
}
