import { tooLarge } from "./body-bytes.ts";
import { WebhookError } from "./webhook-error.ts";

/**
 * Reads a web-standard Request body as raw bytes, stopping (and cancelling the stream) as soon as it
 * exceeds `maxBodyBytes`, so an oversize upload is never buffered whole.
 */
export async function readRequestBody(request: Request, maxBodyBytes: number): Promise<Uint8Array> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBodyBytes) tooLarge(maxBodyBytes);
  if (request.bodyUsed) {
    throw new WebhookError(
      "body_already_parsed",
      "the request body was already read (e.g. by request.json()): pass the untouched Request, or read " +
        "the raw bytes yourself and call receive(bytes, authorization)",
    );
  }
  const stream = request.body;
  if (stream === null) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBodyBytes) {
        reader.cancel().catch(() => {});
        tooLarge(maxBodyBytes);
      }
      chunks.push(value);
    }
  } catch (cause) {
    if (cause instanceof WebhookError) throw cause;
    throw new WebhookError("body_read_failed", "reading the webhook request body failed", { cause });
  } finally {
    reader.releaseLock();
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
