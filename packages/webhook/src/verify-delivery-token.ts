import { isTokenError, type TokenErrorCode, type VerifyCredentials, verifyToken } from "@exlivekit/token";
import { WebhookError, type WebhookErrorCode } from "./webhook-error.ts";

const codeOf: Record<TokenErrorCode, WebhookErrorCode> = {
  malformed: "malformed_token",
  invalid_claims: "malformed_token",
  missing_exp: "malformed_token",
  wrong_algorithm: "wrong_algorithm",
  unknown_key: "unknown_key",
  bad_signature: "bad_signature",
  expired: "expired",
  not_yet_valid: "not_yet_valid",
  missing_credentials: "invalid_options",
  invalid_option: "invalid_options",
  invalid_grant: "invalid_options",
  unsupported_runtime: "unsupported_runtime",
};

/**
 * Verifies the delivery's JWT (HS256, `iss` names the key, `exp`/`nbf` within tolerance) with
 * @exlivekit/token and returns its `sha256` claim. Token failures become the matching {@link WebhookError}.
 */
export async function verifyDeliveryToken(
  token: string,
  credentials: VerifyCredentials,
  clockTolerance: number,
): Promise<string> {
  let sha256: unknown;
  try {
    ({ sha256 } = await verifyToken(token, credentials, { clockTolerance }));
  } catch (cause) {
    // Anything but a TokenError is still a token that could not be verified: keep it typed.
    const code = isTokenError(cause) ? (codeOf[cause.code] ?? "malformed_token") : "malformed_token";
    const reason = cause instanceof Error ? cause.message : "verification failed";
    throw new WebhookError(code, `webhook token rejected: ${reason}`, { cause });
  }
  if (typeof sha256 !== "string" || sha256 === "") {
    throw new WebhookError(
      "missing_sha256",
      "webhook token has no sha256 claim, so it does not vouch for any body (is it a webhook token?)",
    );
  }
  return sha256;
}
