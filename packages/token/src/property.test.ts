import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import type { TokenErrorCode } from "./index.ts";
import { creds, entries } from "./test-support/entries.ts";

// Fixed seed: the same inputs on every run and in CI.
fc.configureGlobal({ seed: 1414 });

const CODES: readonly TokenErrorCode[] = [
  "malformed",
  "wrong_algorithm",
  "unknown_key",
  "bad_signature",
  "missing_exp",
  "expired",
  "not_yet_valid",
  "invalid_claims",
  "missing_credentials",
  "invalid_grant",
  "invalid_option",
  "unsupported_runtime",
];

const b64 = (value: string) => Buffer.from(value).toString("base64url");

/** Edits that turn a valid token into a probably-invalid one. */
const mutation = fc.oneof(
  fc.record({
    kind: fc.constant("flip" as const),
    at: fc.nat(),
    char: fc.string({ minLength: 1, maxLength: 1 }),
  }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.string({ maxLength: 4 }) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant("part" as const), index: fc.nat({ max: 2 }), json: fc.json() }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(token: string, m: Mutation): string {
  const at = "at" in m ? m.at % (token.length + 1) : 0;
  switch (m.kind) {
    case "flip":
      return token.slice(0, at) + m.char + token.slice(at + 1);
    case "insert":
      return token.slice(0, at) + m.text + token.slice(at);
    case "delete":
      return token.slice(0, at) + token.slice(at + m.length);
    case "truncate":
      return token.slice(0, at);
    case "part": {
      const parts = token.split(".");
      parts[m.index] = b64(m.json);
      return parts.join(".");
    }
  }
}

describe.each(entries)(
  "verifyToken properties (%s entry)",
  (_name, { AccessToken, verifyToken, isTokenError }) => {
    async function outcome(token: unknown): Promise<"ok" | TokenErrorCode> {
      try {
        await verifyToken(token as string, creds);
        return "ok";
      } catch (error) {
        expect(isTokenError(error), String(error)).toBe(true);
        const { code, message } = error as { code: TokenErrorCode; message: string };
        expect(CODES).toContain(code);
        expect(message).not.toContain(creds.apiSecret);
        return code;
      }
    }

    it("rejects random input with typed errors only", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.string(),
            fc.anything(),
            fc.tuple(fc.json(), fc.json(), fc.string()).map(([h, p, s]) => `${b64(h)}.${b64(p)}.${s}`),
            fc.tuple(fc.string(), fc.string(), fc.string()).map((parts) => parts.join(".")),
          ),
          async (input) => {
            expect(await outcome(input)).not.toBe("ok");
          },
        ),
        { numRuns: 500 },
      );
    });

    it("rejects mutated tokens with typed errors, unless the mutation changed nothing", async () => {
      const valid = await new AccessToken(creds)
        .addIdentity("user")
        .addGrants({ roomJoin: true, room: "r", canPublishSources: ["camera"] })
        .addAttributes({ a: "b" })
        .toJwt();
      await fc.assert(
        fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
          const token = mutations.reduce(mutate, valid);
          const result = await outcome(token);
          if (token !== valid) expect(result).not.toBe("ok");
        }),
        { numRuns: 500 },
      );
    });

    it("validly signed claims that try to reach Object.prototype pollute nothing", async () => {
      const before = Object.getOwnPropertyNames(Object.prototype).sort();
      const payloads = [
        '{"__proto__":{"polluted":"yes"},"iss":"KEY","exp":9999999999}',
        '{"video":{"__proto__":{"polluted":"yes"},"roomJoin":true},"iss":"KEY","exp":9999999999}',
        '{"constructor":{"prototype":{"polluted":"yes"}},"iss":"KEY","exp":9999999999}',
        '{"attributes":{"__proto__":"x"},"iss":"KEY","exp":9999999999}',
      ];
      const { createHmac } = await import("node:crypto");
      for (const text of payloads) {
        const head = b64('{"alg":"HS256","typ":"JWT"}');
        const body = b64(text.replace("KEY", creds.apiKey));
        const signature = createHmac("sha256", creds.apiSecret).update(`${head}.${body}`).digest("base64url");
        await outcome(`${head}.${body}.${signature}`);
      }
      expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    });

    it("round-trips arbitrary identities, names, metadata and attributes", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.string({ minLength: 1, unit: "grapheme" }),
          fc.string({ unit: "binary" }),
          fc.dictionary(fc.string(), fc.string({ unit: "grapheme" })),
          async (identity, metadata, attributes) => {
            const jwt = await new AccessToken(creds)
              .addIdentity(identity)
              .addMetadata(metadata)
              .addAttributes(attributes)
              .addName(identity)
              .toJwt();
            const claims = await verifyToken(jwt, creds);
            expect(claims.identity).toBe(identity);
            expect(claims.name).toBe(identity);
            expect(claims.metadata).toBe(metadata);
            expect(claims.attributes ?? {}).toEqual({ ...attributes });
          },
        ),
        { numRuns: 300 },
      );
    });
  },
);

describe("node and web entries on random claims", () => {
  it("mint identical tokens and classify the same garbage the same way", async () => {
    const [[, web], [, node]] = entries;
    vi.useFakeTimers({ now: new Date("2026-03-01T00:00:00Z"), toFake: ["Date"] });
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.string({ minLength: 1, unit: "binary" }),
          fc.string(),
          async (identity, garbage) => {
            const a = await new web.AccessToken(creds).addIdentity(identity).addMetadata(garbage).toJwt();
            const b = await new node.AccessToken(creds).addIdentity(identity).addMetadata(garbage).toJwt();
            expect(a).toBe(b);
            const codeOf = (p: Promise<unknown>) =>
              p.then(
                () => "ok",
                (e: { code: string }) => e.code,
              );
            const bad = `${a.slice(0, 40)}${garbage}${a.slice(40)}`;
            expect(await codeOf(web.verifyToken(bad, creds))).toBe(
              await codeOf(node.verifyToken(bad, creds)),
            );
          },
        ),
        { numRuns: 300 },
      );
    } finally {
      vi.useRealTimers();
    }
  });
});
