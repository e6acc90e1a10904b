// Every WebhookErrorCode is asserted: the receiver's own tests cover the delivery failures; the rows
// here cover what they do not. The last test fails when a code is added without a test.
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { errorCodeUnions, untestedErrorCodes } from "../../../scripts/error-code-coverage.mjs";
import { apiKey, apiSecret, roomStartedBody, signDelivery } from "../test/sign.ts";
import { WebhookError, type WebhookErrorCode, webhookErrorStatus } from "./webhook-error.ts";
import { WebhookReceiver } from "./webhook-receiver.ts";

async function rejection(run: () => Promise<unknown>): Promise<WebhookError> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookError);
  return error as WebhookError;
}

const cases: Partial<Record<WebhookErrorCode, () => Promise<WebhookError>>> = {
  unsupported_runtime: async () => {
    const authorization = signDelivery(roomStartedBody);
    const receiver = new WebhookReceiver({ apiKey, apiSecret });
    vi.stubGlobal("crypto", undefined);
    return rejection(() => receiver.receive(roomStartedBody, authorization));
  },
};

afterEach(() => vi.unstubAllGlobals());

describe("every WebhookErrorCode", () => {
  it.each(Object.entries(cases))("%s", async (code, make) => {
    const error = await (make as () => Promise<WebhookError>)();
    expect(error.code).toBe(code);
    expect(error.status).toBe(webhookErrorStatus[code as WebhookErrorCode]);
  });

  it("unsupported_runtime says why and keeps the cause; body_hash_mismatch says what failed", async () => {
    const authorization = signDelivery(roomStartedBody);
    const receiver = new WebhookReceiver({ apiKey, apiSecret, maxBodyBytes: 4096 });
    expect(receiver.maxBodyBytes).toBe(4096);
    vi.stubGlobal("crypto", undefined);
    const noCrypto = await rejection(() => receiver.receive(roomStartedBody, authorization));
    expect(noCrypto.message).toMatch(/cannot compute SHA-256/);
    expect(noCrypto.cause).toBeInstanceOf(Error);
    vi.unstubAllGlobals();
    const mismatch = await rejection(() => receiver.receive(`${roomStartedBody} `, authorization));
    expect(mismatch).toMatchObject({ code: "body_hash_mismatch" });
    expect(mismatch.message).toMatch(/does not match the token's sha256 claim/);
  });

  it("no code of any error union is left without a test", () => {
    const packageDir = fileURLToPath(new URL("..", import.meta.url));
    expect(untestedErrorCodes(packageDir, Object.keys(cases))).toEqual([]);
    // The status table is the union at run time: it must name the same codes the type does.
    expect(Object.keys(webhookErrorStatus).sort()).toEqual(
      errorCodeUnions(packageDir).get("WebhookErrorCode")?.sort(),
    );
  }, 60_000);
});
