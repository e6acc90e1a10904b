/**
 * The header LiveKit puts the delivery token in (bare JWT, no `Bearer `): `authHeader` in
 * https://github.com/livekit/protocol/blob/v1.54.1/webhook/consts.go. The official Node SDK's `authorizeHeader` constant reads `"Authorize"`,
 * which is not the header the server sends; read this one.
 */
export const WEBHOOK_AUTHORIZATION_HEADER = "Authorization";

/** The Content-Type of LiveKit's webhook deliveries. */
export const WEBHOOK_CONTENT_TYPE = "application/webhook+json";
