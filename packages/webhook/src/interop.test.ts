import { AccessToken } from "@exlivekit/token";
import { AccessToken as ReferenceAccessToken } from "livekit-server-sdk";
import { describe, expect, it } from "vitest";
import { apiKey, apiSecret, bodySha256, roomStartedBody } from "../test/sign.ts";
import { WebhookReceiver } from "./webhook-receiver.ts";

const receiver = new WebhookReceiver({ apiKey, apiSecret });

describe("deliveries signed by other LiveKit token implementations", () => {
  it("@exlivekit/token's AccessToken with addSha256", async () => {
    const jwt = await new AccessToken({ apiKey, apiSecret })
      .addTtl("5m")
      .addSha256(bodySha256(roomStartedBody))
      .toJwt();
    expect((await receiver.receive(roomStartedBody, jwt)).event).toBe("room_started");
  });

  it("livekit-server-sdk's AccessToken with sha256", async () => {
    const token = new ReferenceAccessToken(apiKey, apiSecret, { ttl: "5m" });
    token.sha256 = bodySha256(roomStartedBody);
    const jwt = await token.toJwt();
    expect((await receiver.receive(roomStartedBody, jwt)).room?.name).toBe("standup");
    const error = await receiver.receive(`${roomStartedBody} `, jwt).catch((e: { code: string }) => e.code);
    expect(error).toBe("body_hash_mismatch");
  });
});
