import { readCappedBody } from "@exlivekit/token";
import { tooLarge } from "./body-bytes.ts";
import { WebhookError } from "./webhook-error.ts";

/**
 * Reads a web-standard Request body as raw bytes, stopping (and cancelling the stream) as soon as it
 * exceeds `maxBodyBytes`, so an oversize upload is never buffered whole.
 */
export async function readRequestBody(request: Request, maxBodyBytes: number): Promise<Uint8Array> {
  if (request.bodyUsed) {
    throw new WebhookError(
      "body_already_parsed",
      "the request body was already read (e.g. by request.json()): pass the untouched Request, or read " +
        "the raw bytes yourself and call receive(bytes, authorization)",
    );
  }
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readCappedBody(request, maxBodyBytes);
  } catch (cause) {
    throw new WebhookError("body_read_failed", "reading the webhook request body failed", { cause });
  }
  if (bytes === undefined) tooLarge(maxBodyBytes);
  return bytes;
}
