import { describe, expect, it } from "vitest";
import { apiKey, apiSecret, roomStartedBody, signDelivery } from "../test/sign.ts";
import { WebhookError } from "./webhook-error.ts";
import { WebhookReceiver } from "./webhook-receiver.ts";

const receiver = new WebhookReceiver({ apiKey, apiSecret });

function delivery(
  body: BodyInit | null,
  authorization: string | undefined,
  headers: Record<string, string> = {},
) {
  return new Request("http://127.0.0.1/hook", {
    method: "POST",
    body,
    headers: {
      "content-type": "application/webhook+json",
      ...(authorization === undefined ? {} : { authorization }),
      ...headers,
    },
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
}

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(encoder.encode(chunks[i++]));
      else controller.close();
    },
  });
}

async function codeOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookError);
  return (error as WebhookError).code;
}

describe("WebhookReceiver.receiveRequest", () => {
  const authorization = signDelivery(roomStartedBody);

  it("verifies a web-standard Request, streamed or not", async () => {
    expect((await receiver.receiveRequest(delivery(roomStartedBody, authorization))).room?.name).toBe(
      "standup",
    );
    const half = roomStartedBody.length >> 1;
    const streamed = delivery(
      streamOf([roomStartedBody.slice(0, half), roomStartedBody.slice(half)]),
      authorization,
    );
    expect((await receiver.receiveRequest(streamed)).event).toBe("room_started");
  });

  it("refuses unsigned requests before reading the body", async () => {
    const request = delivery(roomStartedBody, undefined);
    expect(await codeOf(receiver.receiveRequest(request))).toBe("missing_authorization");
    expect(request.bodyUsed).toBe(false);
  });

  it("stops reading at maxBodyBytes, with or without content-length", async () => {
    const small = new WebhookReceiver({ apiKey, apiSecret, maxBodyBytes: 64 });
    expect(await codeOf(small.receiveRequest(delivery(roomStartedBody, authorization)))).toBe(
      "body_too_large",
    );
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(32));
      },
    });
    expect(await codeOf(small.receiveRequest(delivery(endless, authorization)))).toBe("body_too_large");
    expect(pulled).toBeLessThan(10);
  });

  it("reports a body already consumed by request.json()", async () => {
    const request = delivery(roomStartedBody, authorization);
    await request.json();
    expect(await codeOf(receiver.receiveRequest(request))).toBe("body_already_parsed");
  });

  it("reports a failing body stream as body_read_failed", async () => {
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error("connection reset"));
      },
    });
    expect(await codeOf(receiver.receiveRequest(delivery(broken, authorization)))).toBe("body_read_failed");
  });

  it("checks the hash of the streamed bytes", async () => {
    const tampered = delivery(roomStartedBody.replace("300", "301"), authorization);
    expect(await codeOf(receiver.receiveRequest(tampered))).toBe("body_hash_mismatch");
  });
});

describe("receiveRequest reads nothing before the token is verified", () => {
  it("a forged or unsigned delivery leaves the body stream unread, even when oversize", async () => {
    let pulls = 0;
    const body = () =>
      new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            pulls++;
            controller.enqueue(new TextEncoder().encode(roomStartedBody));
            controller.close();
          },
        },
        { highWaterMark: 0 },
      );
    const forged = signDelivery(roomStartedBody, { secret: "attacker-secret-0123456789-0123456789" });
    expect(await codeOf(receiver.receiveRequest(delivery(body(), forged)))).toBe("bad_signature");
    expect(await codeOf(receiver.receiveRequest(delivery(body(), undefined)))).toBe("missing_authorization");
    // A declared size past maxBodyBytes from an unauthenticated sender is a 401, not a 413.
    expect(
      await codeOf(receiver.receiveRequest(delivery(body(), forged, { "content-length": "99999999" }))),
    ).toBe("bad_signature");
    expect(pulls).toBe(0);
  });
});
