import { create, toBinary } from "@bufbuild/protobuf";
import { WebhookEventSchema } from "@exlivekit/protocol/webhook";
import { describe, expect, it } from "vitest";
import { decodeWebhookEvent, decodeWebhookEventBinary } from "./decode-webhook-event.ts";

const body = '{"event":"room_started","room":{"sid":"RM_1","name":"r"},"id":"EV_1","createdAt":"1700000000"}';
const codeOf = (f: () => unknown) => {
  try {
    f();
    return "accepted";
  } catch (e) {
    return (e as { code?: string }).code;
  }
};

describe("decodeWebhookEvent", () => {
  it("reads text, bytes and parsed JSON alike", () => {
    const fromText = decodeWebhookEvent(body);
    expect(fromText).toMatchObject({ event: "room_started", id: "EV_1", createdAt: 1_700_000_000n });
    expect(fromText.room?.name).toBe("r");
    expect(decodeWebhookEvent(new TextEncoder().encode(body))).toEqual(fromText);
    expect(decodeWebhookEvent(new TextEncoder().encode(body).buffer)).toEqual(fromText);
    expect(decodeWebhookEvent(JSON.parse(body))).toEqual(fromText);
  });

  it("reads the protobuf binary form", () => {
    const event = create(WebhookEventSchema, { event: "egress_ended", egressInfo: { egressId: "EG_1" } });
    const decoded = decodeWebhookEventBinary(toBinary(WebhookEventSchema, event));
    expect(decoded.event).toBe("egress_ended");
    expect(decoded.egressInfo?.egressId).toBe("EG_1");
  });

  it("fails with the receiver's codes, the size cap included", () => {
    expect(codeOf(() => decodeWebhookEvent("not json"))).toBe("malformed_body");
    expect(codeOf(() => decodeWebhookEvent("[]"))).toBe("malformed_body");
    expect(decodeWebhookEvent('{"event":"moon_landed"}').event).toBe("moon_landed");
    expect(codeOf(() => decodeWebhookEvent(body, { maxBodyBytes: 10 }))).toBe("body_too_large");
    expect(codeOf(() => decodeWebhookEvent(body, { maxBodyBytes: 0 }))).toBe("invalid_options");
    expect(codeOf(() => decodeWebhookEventBinary(new Uint8Array([0xff, 0xff])))).toBe("malformed_body");
    const unnamed = toBinary(WebhookEventSchema, create(WebhookEventSchema, {}));
    expect(codeOf(() => decodeWebhookEventBinary(unnamed))).toBe("malformed_body");
    expect(codeOf(() => decodeWebhookEventBinary(new Uint8Array(11), { maxBodyBytes: 10 }))).toBe(
      "body_too_large",
    );
  });
});
