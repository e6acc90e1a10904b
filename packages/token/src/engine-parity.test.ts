import { jwtVerify, SignJWT } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import { nodeEngine } from "./engine.node.ts";
import { webEngine } from "./engine.web.ts";
import * as node from "./index.node.ts";
import * as web from "./index.ts";
import { creds, decodeJwt } from "./test-support/entries.ts";

afterEach(() => {
  vi.useRealTimers();
});

type Entry = typeof web | typeof node;

function build(m: Entry): Promise<string> {
  return new m.AccessToken(creds)
    .addIdentity('ユーザー✓ \u2028 "quoted" emoji 🎉')
    .addName("Zoë")
    .addMetadata(JSON.stringify({ nested: ["ü", 1, null] }))
    .addAttributes({ ключ: "значение" })
    .addGrants({ roomJoin: true, room: "room/with?odd&chars", canPublishSources: ["camera"] })
    .addKind("standard")
    .addRoomConfig({ agents: [{ agentName: "a", attributes: { x: "😀" } }], tags: { t: "v" } })
    .toJwt();
}

describe("node and web entries", () => {
  it("produce byte-identical tokens for identical input and time", async () => {
    vi.useFakeTimers({ now: new Date("2026-05-01T12:00:00Z"), toFake: ["Date"] });
    const [a, b] = await Promise.all([build(web), build(node)]);
    expect(a).toBe(b);
    expect(await build(web)).toBe(a);
  });

  it("produce exactly what jose's SignJWT produces for the same header and claims", async () => {
    vi.useFakeTimers({ now: new Date("2026-05-01T12:00:00Z"), toFake: ["Date"] });
    const ours = await build(node);
    const { header, payload } = decodeJwt(ours);
    const theirs = await new SignJWT(payload)
      .setProtectedHeader(header as { alg: "HS256" })
      .sign(new TextEncoder().encode(creds.apiSecret));
    expect(ours).toBe(theirs);
  });

  it("verify each other's tokens, and jose verifies ours", async () => {
    for (const [minter, verifier] of [
      [web, node],
      [node, web],
    ] as const) {
      const jwt = await build(minter);
      const claims = await verifier.verifyToken(jwt, creds);
      expect(claims.identity).toBe('ユーザー✓ \u2028 "quoted" emoji 🎉');
      expect(claims.attributes).toEqual({ ключ: "значение" });
      const { payload } = await jwtVerify(jwt, new TextEncoder().encode(creds.apiSecret), {
        algorithms: ["HS256"],
      });
      expect(payload).toEqual(claims.payload);
    }
  });

  it("prepare one key per secret and keep working past the key cache size", async () => {
    for (let i = 0; i < 100; i++) {
      const c = { apiKey: `k${i}`, apiSecret: `secret-number-${i}-padding-padding` };
      for (const m of [web, node]) {
        const claims = await m.verifyToken(await new m.AccessToken(c).toJwt(), {
          keys: { [c.apiKey]: c.apiSecret },
        });
        expect(claims.apiKey).toBe(c.apiKey);
      }
    }
  });
});

describe("node and web engines: base64url decoding", () => {
  const alphabet = /^[A-Za-z0-9_-]$/;

  it("accept exactly the base64url alphabet: every other UTF-16 unit in any position is refused", () => {
    for (const engine of [nodeEngine, webEngine]) {
      const accepted: string[] = [];
      for (let unit = 0; unit <= 0xffff; unit++) {
        const char = String.fromCharCode(unit);
        if (alphabet.test(char)) continue;
        for (const text of [`${char}UJD`, `QU${char}D`, `QUJDR${char}`, `QUJDRA${char}A`]) {
          if (engine.decodeText(text) !== undefined) accepted.push(JSON.stringify(text));
        }
      }
      expect(accepted).toEqual([]);
      expect(engine.decodeText("QUJD")).toBe("ABC");
      expect(engine.decodeText("QUJDRA")).toBe("ABCD");
    }
  });

  it("refuse lengths that cannot encode whole bytes, the empty part, and padding", () => {
    for (const engine of [nodeEngine, webEngine]) {
      for (const text of ["", "Q", "QUJDR", "QUJDRA==", "QUJDRA="]) {
        expect(engine.decodeText(text), JSON.stringify(text)).toBe(undefined);
      }
    }
  });
});
