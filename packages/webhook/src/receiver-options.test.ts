import { afterEach, describe, expect, it } from "vitest";
import { apiKey, apiSecret, roomStartedBody, signDelivery } from "../test/sign.ts";
import { WebhookError } from "./webhook-error.ts";
import { WebhookReceiver } from "./webhook-receiver.ts";

const names = [
  "LIVEKIT_WEBHOOK_API_KEY",
  "LIVEKIT_WEBHOOK_API_SECRET",
  "LIVEKIT_API_KEY",
  "LIVEKIT_API_SECRET",
];
const saved = Object.fromEntries(names.map((n) => [n, process.env[n]]));
function setEnv(values: Record<string, string>) {
  for (const n of names) delete process.env[n];
  Object.assign(process.env, values);
}
afterEach(() => {
  for (const n of names) {
    if (saved[n] === undefined) delete process.env[n];
    else process.env[n] = saved[n];
  }
});

function constructionError(make: () => unknown): WebhookError {
  try {
    make();
  } catch (e) {
    expect(e).toBeInstanceOf(WebhookError);
    return e as WebhookError;
  }
  throw new Error("expected the constructor to throw");
}

describe("WebhookReceiver credentials and options", () => {
  const authorization = signDelivery(roomStartedBody);

  it("prefers LIVEKIT_WEBHOOK_API_KEY/SECRET over LIVEKIT_API_KEY/SECRET", async () => {
    setEnv({
      LIVEKIT_WEBHOOK_API_KEY: apiKey,
      LIVEKIT_WEBHOOK_API_SECRET: apiSecret,
      LIVEKIT_API_KEY: "APIother",
      LIVEKIT_API_SECRET: "other-secret-0123456789-0123456789",
    });
    expect((await new WebhookReceiver().receive(roomStartedBody, authorization)).event).toBe("room_started");
  });

  it("falls back to LIVEKIT_API_KEY/SECRET", async () => {
    setEnv({ LIVEKIT_API_KEY: apiKey, LIVEKIT_API_SECRET: apiSecret });
    expect(
      (await new WebhookReceiver({ clockTolerance: "5s" }).receive(roomStartedBody, authorization)).event,
    ).toBe("room_started");
  });

  it("names what is missing, without any secret", () => {
    setEnv({});
    const none = constructionError(() => new WebhookReceiver());
    expect(none.code).toBe("missing_credentials");
    expect(none.message).toContain("LIVEKIT_WEBHOOK_API_KEY");
    setEnv({ LIVEKIT_WEBHOOK_API_KEY: apiKey });
    expect(constructionError(() => new WebhookReceiver()).message).toContain(
      "LIVEKIT_WEBHOOK_API_SECRET is not",
    );
    setEnv({ LIVEKIT_API_SECRET: apiSecret });
    const half = constructionError(() => new WebhookReceiver());
    expect(half.message).toContain("LIVEKIT_API_KEY is not");
    expect(half.message).not.toContain(apiSecret);
    expect(constructionError(() => new WebhookReceiver({ apiKey, apiSecret: "" })).code).toBe(
      "missing_credentials",
    );
    expect(constructionError(() => new WebhookReceiver({ keys: {} })).code).toBe("missing_credentials");
  });

  it("rejects nonsensical limits", () => {
    expect(constructionError(() => new WebhookReceiver({ apiKey, apiSecret, clockTolerance: -1 })).code).toBe(
      "invalid_options",
    );
    expect(
      constructionError(() => new WebhookReceiver({ apiKey, apiSecret, clockTolerance: "soon" })).code,
    ).toBe("invalid_options");
    expect(
      constructionError(() => new WebhookReceiver({ apiKey, apiSecret, maxBodyBytes: Number.NaN })).code,
    ).toBe("invalid_options");
  });
});
