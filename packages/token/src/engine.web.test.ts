import { afterEach, describe, expect, it, vi } from "vitest";
import { AccessToken, verifyToken } from "./index.ts";
import { caught } from "./test-support/entries.ts";

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("web engine without Web Crypto", () => {
  it("fails with unsupported_runtime when minting and verifying", async () => {
    const creds = { apiKey: "k", apiSecret: `fresh-secret-${Math.random()}` };
    const jwt = await new AccessToken({ apiKey: "k", apiSecret: "other-secret-other" }).toJwt();
    vi.stubGlobal("crypto", undefined);
    const mint = await caught(() => new AccessToken(creds).toJwt());
    expect(mint.code).toBe("unsupported_runtime");
    expect(mint.message).toContain("crypto.subtle");
    const verify = await caught(() => verifyToken(jwt, { keys: { k: creds.apiSecret } }));
    expect(verify.code).toBe("unsupported_runtime");
  });
});
