import { WebhookError } from "./webhook-error.ts";

/**
 * Extracts the JWT from an Authorization header value. LiveKit sends the bare token; proxies and
 * hand-written senders often add `Bearer `, so both are accepted.
 */
export function tokenFromAuthorization(authorization: unknown): string {
  if (typeof authorization !== "string") {
    throw new WebhookError("missing_authorization", "webhook request has no Authorization header");
  }
  let token = authorization.trim();
  if (token.length >= 7 && token.slice(0, 7).toLowerCase() === "bearer ") token = token.slice(7).trim();
  // The length test first: lower-casing a whole token would copy it on every delivery.
  if (token === "" || (token.length === 6 && token.toLowerCase() === "bearer")) {
    throw new WebhookError("missing_authorization", "webhook request has an empty Authorization header");
  }
  return token;
}
