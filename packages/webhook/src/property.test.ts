import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { apiKey, apiSecret, roomStartedBody, signDelivery, signJwt } from "../test/sign.ts";
import { isWebhookError } from "./webhook-error.ts";
import { WebhookReceiver } from "./webhook-receiver.ts";

// Fixed seed: the same inputs on every run and in CI.
fc.configureGlobal({ seed: 1414 });

const receiver = new WebhookReceiver({ apiKey, apiSecret, maxBodyBytes: 2048 });
const genuine = signDelivery(roomStartedBody);

/** Outcome of one receive: success, or the code of a typed error. Anything else fails the property. */
async function outcome(body: unknown, authorization: unknown): Promise<string> {
  try {
    await receiver.receive(body as string, authorization as string);
    return "ok";
  } catch (error) {
    if (!isWebhookError(error)) throw new Error(`untyped throw: ${String(error)}`, { cause: error });
    return error.code;
  }
}

const anyBody = fc.oneof(
  fc.string(),
  fc.uint8Array({ maxLength: 3000 }),
  fc.json(),
  fc.jsonValue(),
  fc.constant(roomStartedBody),
  fc.anything(),
);
const anyHeader = fc.oneof(
  fc.string(),
  fc.constant(genuine),
  fc.string().map((s) => `Bearer ${s}`),
  fc.tuple(fc.base64String(), fc.base64String(), fc.base64String()).map((parts) => parts.join(".")),
  fc.record({ alg: fc.string(), typ: fc.string() }).map((header) => signJwt({ header })),
  fc.dictionary(fc.string(), fc.jsonValue()).map((claims) => signJwt({ claims })),
  fc.anything(),
);

describe("receive() under random input", () => {
  it("only ever resolves or throws a WebhookError", async () => {
    await fc.assert(
      fc.asyncProperty(anyBody, anyHeader, async (body, header) => {
        await outcome(body, header);
      }),
      { numRuns: 500 },
    );
  });

  it("receiveRequest only ever resolves or throws a WebhookError", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), fc.uint8Array({ maxLength: 3000 }), fc.constant(roomStartedBody)),
        fc.option(fc.oneof(fc.string(), fc.constant(genuine), fc.constant(`Bearer ${genuine}`))),
        async (body, header) => {
          let authorization: string | undefined;
          // Headers refuse some characters before our code runs: that is the caller's TypeError, not ours.
          try {
            authorization =
              header === null ? undefined : new Headers({ authorization: header }).get("authorization")!;
          } catch {
            return;
          }
          const request = new Request("http://127.0.0.1/hook", {
            method: "POST",
            body,
            headers: authorization === undefined ? {} : { authorization },
          });
          try {
            await receiver.receiveRequest(request);
          } catch (error) {
            if (!isWebhookError(error)) throw new Error(`untyped throw: ${String(error)}`, { cause: error });
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("authentic JSON bodies that are not WebhookEvents fail as malformed_body", async () => {
    await fc.assert(
      fc.asyncProperty(fc.json(), async (body) => {
        const result = await outcome(body, signDelivery(body));
        expect(["ok", "malformed_body"]).toContain(result);
      }),
      { numRuns: 300 },
    );
  });

  it("any change to a genuine body or token is rejected", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (inBody, position, delta) => {
          const bytes = new TextEncoder().encode(inBody ? roomStartedBody : genuine);
          const i = position % bytes.length;
          bytes[i] = (bytes[i]! + delta) & 0xff;
          const mutated = new TextDecoder().decode(bytes);
          const result = inBody ? await outcome(bytes, genuine) : await outcome(roomStartedBody, mutated);
          // The last base64url character of a 32-byte signature carries 2 unused bits that lenient decoders
          // ignore: that one position may still verify. Every other change must be rejected.
          if (result === "ok") expect(!inBody && i === bytes.length - 1).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("authentic bodies that try to reach Object.prototype pollute nothing", async () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    for (const body of [
      '{"event":"room_started","__proto__":{"polluted":"yes"}}',
      '{"event":"room_started","room":{"name":"r","__proto__":{"polluted":"yes"}}}',
      '{"event":"room_started","constructor":{"prototype":{"polluted":"yes"}}}',
      '{"event":"participant_joined","participant":{"attributes":{"__proto__":"x"}}}',
    ]) {
      await outcome(body, signDelivery(body));
    }
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
  });
});
