import { describe, expect, it } from "vitest";
import { apiKey, apiSecret, bodySha256, roomStartedBody, signDelivery, signJwt } from "../test/sign.ts";
import { isWebhookEventName } from "./event-names.ts";
import { WebhookError, type WebhookErrorCode } from "./webhook-error.ts";
import { WebhookReceiver } from "./webhook-receiver.ts";

const receiver = new WebhookReceiver({ apiKey, apiSecret });
const now = () => Math.floor(Date.now() / 1000);

async function rejection(promise: Promise<unknown>): Promise<WebhookError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookError);
  return error as WebhookError;
}

async function expectCode(promise: Promise<unknown>, code: WebhookErrorCode, status: number) {
  const error = await rejection(promise);
  expect({ code: error.code, status: error.status }).toEqual({ code, status });
  expect(error.message).not.toContain(apiSecret);
  return error;
}

describe("WebhookReceiver.receive: genuine deliveries", () => {
  const authorization = signDelivery(roomStartedBody);

  it("decodes the server's protojson into a typed event", async () => {
    const event = await receiver.receive(roomStartedBody, authorization);
    expect(event.event).toBe("room_started");
    expect(event.id).toBe("EV_3yQpX9aBcDeF");
    expect(event.createdAt).toBe(1764079200n);
    expect(event.room?.name).toBe("standup");
    expect(event.room?.creationTimeMs).toBe(1764079200123n);
    expect(event.room?.enabledCodecs.map((c) => c.mime)).toEqual(["audio/opus", "video/VP8"]);
  });

  it("takes the body as string, Uint8Array, Buffer or ArrayBuffer", async () => {
    const bytes = new TextEncoder().encode(roomStartedBody);
    for (const body of [bytes, Buffer.from(bytes), bytes.buffer.slice(0)]) {
      expect((await receiver.receive(body, authorization)).event).toBe("room_started");
    }
  });

  it("accepts the header with or without Bearer", async () => {
    for (const header of [`Bearer ${authorization}`, `bearer ${authorization}`, ` ${authorization} `]) {
      expect((await receiver.receive(roomStartedBody, header)).event).toBe("room_started");
    }
  });

  it("accepts any key of a rotation set", async () => {
    const rotating = new WebhookReceiver({
      keys: { APIold: "old-secret-0123456789-0123456789-ab", [apiKey]: apiSecret },
    });
    expect((await rotating.receive(roomStartedBody, authorization)).event).toBe("room_started");
    const old = signDelivery(roomStartedBody, {
      secret: "old-secret-0123456789-0123456789-ab",
      claims: { iss: "APIold" },
    });
    expect((await rotating.receive(roomStartedBody, old)).event).toBe("room_started");
  });

  it("tolerates fields and enum values from newer servers", async () => {
    const body =
      '{"event":"track_published","room":{"name":"r","futureRoomField":{"a":1}},"participant":{"identity":"alice",' +
      '"state":"HOLOGRAPHIC","kind":"TELEPATH"},"track":{"sid":"TR_1","type":"SMELL","source":"CAMERA"},' +
      '"brandNewTopLevel":[1,2,3],"createdAt":"1"}';
    const event = await receiver.receive(body, signDelivery(body));
    expect(event.event).toBe("track_published");
    expect(event.participant?.identity).toBe("alice");
    expect(event.track?.sid).toBe("TR_1");
  });

  it("allows 60 s of clock skew by default, as the server does", async () => {
    const late = signDelivery(roomStartedBody, { claims: { exp: now() - 30 } });
    expect((await receiver.receive(roomStartedBody, late)).event).toBe("room_started");
    const early = signDelivery(roomStartedBody, { claims: { nbf: now() + 30 } });
    expect((await receiver.receive(roomStartedBody, early)).event).toBe("room_started");
  });
});

describe("WebhookReceiver.receive: every forged or damaged delivery is a typed error", () => {
  const genuine = signDelivery(roomStartedBody);

  it("missing_authorization (401)", async () => {
    for (const header of [undefined, null, "", "   ", "Bearer ", "Bearer"]) {
      await expectCode(receiver.receive(roomStartedBody, header), "missing_authorization", 401);
    }
  });

  it("malformed_token (401): not a JWT, truncated, garbage parts, missing exp", async () => {
    for (const header of [
      "not-a-token",
      genuine.slice(0, 40),
      "a.b.c",
      `${genuine}.extra`,
      "Basic dXNlcjpwYXNz",
    ]) {
      await expectCode(receiver.receive(roomStartedBody, header), "malformed_token", 401);
    }
    const noExp = signDelivery(roomStartedBody, { omit: ["exp"] });
    await expectCode(receiver.receive(roomStartedBody, noExp), "malformed_token", 401);
  });

  it("unknown_key (401): signed by a key this receiver does not hold", async () => {
    const other = signDelivery(roomStartedBody, { claims: { iss: "APIsomeoneElse" } });
    await expectCode(receiver.receive(roomStartedBody, other), "unknown_key", 401);
  });

  it("bad_signature (401): wrong secret, or a forged body with a recomputed sha256 claim", async () => {
    const wrongSecret = signDelivery(roomStartedBody, { secret: "attacker-secret-0123456789-0123456789" });
    await expectCode(receiver.receive(roomStartedBody, wrongSecret), "bad_signature", 401);

    // The attacker edits the body and patches the claim, keeping the original signature.
    const forgedBody = roomStartedBody.replace("standup", "payroll");
    const [header, payload, signature] = genuine.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    claims.sha256 = bodySha256(forgedBody);
    const patched = `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${signature}`;
    await expectCode(receiver.receive(forgedBody, patched), "bad_signature", 401);
  });

  it("wrong_algorithm (401): alg none, HS512", async () => {
    const none = signDelivery(roomStartedBody, { alg: "none" });
    await expectCode(receiver.receive(roomStartedBody, none), "wrong_algorithm", 401);
    const hs512 = signDelivery(roomStartedBody, { alg: "HS512" });
    await expectCode(receiver.receive(roomStartedBody, hs512), "wrong_algorithm", 401);
  });

  it("expired (401): a replay of a delivery older than exp + tolerance", async () => {
    const old = signDelivery(roomStartedBody, {
      claims: { iat: now() - 600, nbf: now() - 600, exp: now() - 300 },
    });
    await expectCode(receiver.receive(roomStartedBody, old), "expired", 401);
    const strict = new WebhookReceiver({ apiKey, apiSecret, clockTolerance: 0 });
    const justExpired = signDelivery(roomStartedBody, { claims: { exp: now() - 5 } });
    await expectCode(strict.receive(roomStartedBody, justExpired), "expired", 401);
  });

  it("not_yet_valid (401): nbf beyond the tolerance", async () => {
    const future = signDelivery(roomStartedBody, { claims: { nbf: now() + 600, exp: now() + 900 } });
    await expectCode(receiver.receive(roomStartedBody, future), "not_yet_valid", 401);
  });

  it("missing_sha256 (401): a genuine access token that is not a webhook token", async () => {
    const joinToken = signJwt({ claims: { sub: "alice", video: { roomJoin: true, room: "standup" } } });
    await expectCode(receiver.receive(roomStartedBody, joinToken), "missing_sha256", 401);
    const emptyClaim = signJwt({ claims: { sha256: "" } });
    await expectCode(receiver.receive(roomStartedBody, emptyClaim), "missing_sha256", 401);
  });

  it("body_hash_mismatch (401): one byte changed, or JSON re-serialized by a framework", async () => {
    const flipped = roomStartedBody.replace("standup", "standuq");
    await expectCode(receiver.receive(flipped, genuine), "body_hash_mismatch", 401);
    const reserialized = JSON.stringify(JSON.parse(roomStartedBody));
    await expectCode(receiver.receive(reserialized, genuine), "body_hash_mismatch", 401);
    await expectCode(receiver.receive(`${roomStartedBody}\n`, genuine), "body_hash_mismatch", 401);
  });

  it("body_too_large (413), checked once the token is authentic", async () => {
    const small = new WebhookReceiver({ apiKey, apiSecret, maxBodyBytes: 100 });
    await expectCode(small.receive(roomStartedBody, genuine), "body_too_large", 413);
    // An unauthenticated sender learns nothing about size limits: the token fails first.
    await expectCode(
      small.receive(new TextEncoder().encode(roomStartedBody), "garbage"),
      "malformed_token",
      401,
    );
    // 60 characters but 180 UTF-8 bytes
    await expectCode(small.receive("€".repeat(60), genuine), "body_too_large", 413);
  });

  it("malformed_body (400): authentic but not a WebhookEvent", async () => {
    const bodies = [
      "not json",
      "[1,2,3]",
      "null",
      '{"event":"room_started","createdAt":"soon"}',
      '{"event":"room_started","room":"standup"}',
      "{}",
      new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    ];
    for (const body of bodies) {
      await expectCode(receiver.receive(body, signDelivery(body)), "malformed_body", 400);
    }
  });

  it("nothing is parsed before the signature and hash are checked", async () => {
    await expectCode(receiver.receive("not json", genuine), "body_hash_mismatch", 401);
    const forged = signDelivery("not json", { secret: "attacker-secret-0123456789-0123456789" });
    await expectCode(receiver.receive("not json", forged), "bad_signature", 401);
  });

  it("an authentic event with a name this version does not know is accepted, and narrows to known names", async () => {
    const body = '{"event":"room_teleported","room":{"name":"standup"},"id":"EV_9"}';
    const event = await receiver.receive(body, signDelivery(body));
    expect(event.event).toBe("room_teleported");
    expect(event.room?.name).toBe("standup");
    expect(isWebhookEventName(event.event)).toBe(false);
    const known = await receiver.receive(roomStartedBody, genuine);
    expect(isWebhookEventName(known.event)).toBe(true);
  });

  it("a body reader is called only once the token is authentic", async () => {
    let reads = 0;
    const reader = async () => {
      reads++;
      return roomStartedBody;
    };
    const forged = signDelivery(roomStartedBody, { secret: "attacker-secret-0123456789-0123456789" });
    await expectCode(receiver.receive(reader, forged), "bad_signature", 401);
    await expectCode(receiver.receive(reader, ""), "missing_authorization", 401);
    expect(reads).toBe(0);
    expect((await receiver.receive(reader, genuine)).event).toBe("room_started");
    expect(reads).toBe(1);
  });

  it("body_already_parsed (500): a parsed object instead of the raw bytes", async () => {
    const parsed = JSON.parse(roomStartedBody) as unknown as string;
    const error = await expectCode(receiver.receive(parsed, genuine), "body_already_parsed", 500);
    expect(error.message).toContain("express.raw");
  });

  it("never puts the token or secret in messages", async () => {
    const wrong = signDelivery(roomStartedBody, { secret: "attacker-secret-0123456789-0123456789" });
    const error = await rejection(receiver.receive(roomStartedBody, wrong));
    expect(error.message).not.toContain(wrong);
    expect(error.message).not.toContain(wrong.split(".")[2]);
  });
});
