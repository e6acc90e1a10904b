// How token failures become webhook errors: every TokenErrorCode maps to one WebhookErrorCode, and a
// failure that is not a TokenError still comes out typed. The verifier is replaced to throw each failure.
import { TokenError, type TokenErrorCode } from "@exlivekit/token";
import { afterEach, describe, expect, it, vi } from "vitest";
import { verifyDeliveryToken } from "./verify-delivery-token.ts";
import { WebhookError, type WebhookErrorCode } from "./webhook-error.ts";

const verifyToken = vi.hoisted(() => vi.fn());
vi.mock("@exlivekit/token", async (original) => ({
  ...(await original<typeof import("@exlivekit/token")>()),
  verifyToken,
}));

afterEach(() => verifyToken.mockReset());

async function rejection(): Promise<WebhookError> {
  const error = await verifyDeliveryToken("t", { apiKey: "k", apiSecret: "s" }, 60).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookError);
  return error as WebhookError;
}

const mapping: Record<TokenErrorCode, WebhookErrorCode> = {
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

describe("verifyDeliveryToken", () => {
  it.each(Object.entries(mapping))(
    "TokenError %s becomes %s, keeping the cause and its reason",
    async (from, to) => {
      const cause = new TokenError(from as TokenErrorCode, `because ${from}`);
      verifyToken.mockRejectedValueOnce(cause);
      const error = await rejection();
      expect(error.code).toBe(to);
      expect(error.cause).toBe(cause);
      expect(error.message).toBe(`webhook token rejected: because ${from}`);
    },
  );

  it("a TokenError with a code this version does not map is malformed_token", async () => {
    const cause = new TokenError("future_code" as TokenErrorCode, "newer token package");
    verifyToken.mockRejectedValueOnce(cause);
    expect(await rejection()).toMatchObject({
      code: "malformed_token",
      message: "webhook token rejected: newer token package",
      cause,
    });
  });

  it("a failure that is not a TokenError is malformed_token", async () => {
    const cause = new RangeError("odd");
    verifyToken.mockRejectedValueOnce(cause);
    expect(await rejection()).toMatchObject({
      code: "malformed_token",
      message: "webhook token rejected: odd",
      cause,
    });
    verifyToken.mockRejectedValueOnce("not an Error");
    expect(await rejection()).toMatchObject({
      code: "malformed_token",
      message: "webhook token rejected: verification failed",
    });
  });

  it("returns the sha256 claim, and refuses a token without one", async () => {
    verifyToken.mockResolvedValueOnce({ sha256: "abc=" });
    await expect(verifyDeliveryToken("t", { apiKey: "k", apiSecret: "s" }, 60)).resolves.toBe("abc=");
    for (const sha256 of [undefined, "", 42]) {
      verifyToken.mockResolvedValueOnce({ sha256 });
      const error = await rejection();
      expect(error.code).toBe("missing_sha256");
      expect(error.message).toBe(
        "webhook token has no sha256 claim, so it does not vouch for any body (is it a webhook token?)",
      );
    }
  });

  it("passes the clock tolerance to the verifier", async () => {
    verifyToken.mockResolvedValueOnce({ sha256: "abc=" });
    await verifyDeliveryToken("tok", { apiKey: "k", apiSecret: "s" }, 7);
    expect(verifyToken).toHaveBeenCalledWith("tok", { apiKey: "k", apiSecret: "s" }, { clockTolerance: 7 });
  });
});
