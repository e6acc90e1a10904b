import { constantTimeEqual } from "@exlivekit/internal";
import { tokenFromAuthorization } from "./authorization.ts";
import { type RawBody, toRawBody, type WebhookBody } from "./body-bytes.ts";
import { sha256Base64 } from "./body-hash.ts";
import { decodeEvent, type WebhookEvent } from "./decode-event.ts";
import { readRequestBody } from "./read-request-body.ts";
import {
  type ResolvedReceiverOptions,
  resolveReceiverOptions,
  type WebhookReceiverOptions,
} from "./receiver-options.ts";
import { verifyDeliveryToken } from "./verify-delivery-token.ts";
import { WebhookError } from "./webhook-error.ts";
import { WEBHOOK_AUTHORIZATION_HEADER } from "./webhook-headers.ts";

/**
 * Reads the body on demand: called only once the delivery's token is authentic, so an unsigned or forged
 * request costs no body read. It must enforce `maxBodyBytes` itself (`receiveRequest` and the Node helper do).
 */
export type WebhookBodyReader = () => Promise<WebhookBody>;

/**
 * Verifies and decodes the webhooks a LiveKit server posts. Checks, in order: an Authorization header,
 * the JWT (HS256, known key, signature, `exp`/`nbf`; it does not depend on the body, so nothing is read
 * before it passes), the body size, the `sha256` claim against the exact body bytes (constant time); only
 * then is the body parsed. Every failure is a {@link WebhookError}.
 *
 * @example
 * ```ts
 * const receiver = new WebhookReceiver({ apiKey, apiSecret });
 * const event = await receiver.receive(rawBody, req.headers.authorization);
 * if (event.event === "room_finished") console.log(event.room?.name);
 * ```
 */
export class WebhookReceiver {
  readonly #options: ResolvedReceiverOptions;

  /**
   * @param options - `{ apiKey, apiSecret }` or `{ keys }`; when omitted, LIVEKIT_WEBHOOK_API_KEY /
   *   LIVEKIT_WEBHOOK_API_SECRET, then LIVEKIT_API_KEY / LIVEKIT_API_SECRET. Throws `missing_credentials`
   *   when none are found, `invalid_options` for a bad `clockTolerance` or `maxBodyBytes`.
   */
  constructor(options: WebhookReceiverOptions = {}) {
    this.#options = resolveReceiverOptions(options);
  }

  /** The largest body this receiver accepts, in bytes. */
  get maxBodyBytes(): number {
    return this.#options.maxBodyBytes;
  }

  /**
   * Verifies one delivery and returns its event.
   *
   * @param body - the raw body bytes exactly as received (a string is taken as UTF-8), never parsed JSON;
   *   or a {@link WebhookBodyReader} that reads them, called only after the token is verified
   * @param authorization - the Authorization header value, with or without `Bearer `
   */
  async receive(
    body: WebhookBody | WebhookBodyReader,
    authorization: string | null | undefined,
  ): Promise<WebhookEvent> {
    const token = tokenFromAuthorization(authorization);
    const { credentials, clockTolerance, maxBodyBytes } = this.#options;
    const claimed = await verifyDeliveryToken(token, credentials, clockTolerance);
    const raw = toRawBody(typeof body === "function" ? await body() : body, maxBodyBytes);
    return this.#check(raw, claimed);
  }

  /**
   * Verifies a web-standard Request (Next.js route handlers, Hono, Cloudflare Workers, Deno, Bun). Reads the
   * body itself, bounded by `maxBodyBytes`; pass the Request before anything has read its body.
   */
  async receiveRequest(request: Request): Promise<WebhookEvent> {
    return this.receive(
      () => readRequestBody(request, this.#options.maxBodyBytes),
      request.headers.get(WEBHOOK_AUTHORIZATION_HEADER),
    );
  }

  async #check(body: RawBody, claimed: string): Promise<WebhookEvent> {
    let actual: string;
    try {
      // The Node build hashes synchronously; only Web Crypto hands back a promise worth awaiting.
      const digest: string | Promise<string> = sha256Base64(body);
      // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent, awaiting a string yields it.
      actual = typeof digest === "string" ? digest : await digest;
    } catch (cause) {
      throw new WebhookError("unsupported_runtime", "this runtime cannot compute SHA-256 (no Web Crypto)", {
        cause,
      });
    }
    if (!constantTimeEqual(actual, claimed)) {
      throw new WebhookError("body_hash_mismatch", "webhook body does not match the token's sha256 claim");
    }
    return decodeEvent(body);
  }
}
