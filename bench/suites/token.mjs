// token.mint and token.verify: one typical join token, minted and verified in this process by
// @exlivekit/token (Node entry and web entry), livekit-server-sdk, and a bare node:crypto HS256
// encoder that does only what any encoder must (the physical floor).
import { createHmac, createSecretKey } from "node:crypto";
import * as ours from "@exlivekit/token";
import { AccessToken as OfficialAccessToken, TokenVerifier } from "livekit-server-sdk";
import { compareRounds } from "../lib/compare.mjs";
import { hs256Floor } from "../lib/floors.mjs";
import { opsPerSecond, wallAndCpu } from "../lib/ops-window.mjs";
import { webEntryUrl } from "../lib/web-entry.mjs";

const apiKey = "APIbenchkey";
const apiSecret = "bench-secret-bench-secret-bench-secret-0123";
const grant = { roomJoin: true, room: "bench-room", canPublish: true, canSubscribe: true };
const TTL_SECONDS = 6 * 3600;

const HEADER = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString("base64url");
// Key set-up once, as any encoder serving many tokens with one secret would.
const SECRET_KEY = createSecretKey(Buffer.from(apiSecret, "utf8"));

/** The floor: the same claims, JSON-encoded, base64url'd and HMAC-signed with nothing else around it. */
function floorMint(i) {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    name: "Bench",
    video: grant,
    sub: `user-${i}`,
    iss: apiKey,
    nbf: now,
    exp: now + TTL_SECONDS,
  };
  const input = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`;
  return `${input}.${createHmac("sha256", SECRET_KEY).update(input).digest("base64url")}`;
}

function officialMint(i) {
  const token = new OfficialAccessToken(apiKey, apiSecret, {
    identity: `user-${i}`,
    name: "Bench",
    ttl: TTL_SECONDS,
  });
  token.addGrant(grant);
  return token.toJwt();
}

const mintWith = (entry) => (i) =>
  new entry.AccessToken({ apiKey, apiSecret })
    .addIdentity(`user-${i}`)
    .addName("Bench")
    .addGrants(grant)
    .toJwt();

/** Every contender must produce a token the other side accepts, or the comparison means nothing. */
async function checkAgreement(mint, verifier) {
  for (const [name, fn] of Object.entries(mint)) {
    const claims = await verifier.verify(await fn(7));
    if (claims.sub !== "user-7" || claims.video?.room !== "bench-room") {
      throw new Error(`token.mint ${name}: produced a token with unexpected claims`);
    }
  }
}

/** Returns "token.mint" and "token.verify", each also as ".cpu": name -> operations per second of each run. */
export async function tokenSuite({ windowMs, runs }) {
  const web = await import(webEntryUrl("@exlivekit/token"));
  const mint = { ours: mintWith(ours), oursWeb: mintWith(web), official: officialMint, floor: floorMint };
  const officialVerifier = new TokenVerifier(apiKey, apiSecret);
  await checkAgreement(mint, officialVerifier);

  // Distinct tokens from the official SDK, so neither verifier reads a layout it produced itself.
  const pool = [];
  for (let i = 0; i < 1024; i++) pool.push(await officialMint(i));
  const creds = { apiKey, apiSecret };
  const verifyFloor = hs256Floor(apiSecret);
  const verify = {
    ours: (i) => ours.verifyToken(pool[i & 1023], creds),
    official: (i) => officialVerifier.verify(pool[i & 1023]),
    floor: (i) => verifyFloor(pool[i & 1023]),
  };
  const checked = await verify.ours(3);
  if (checked.identity !== "user-3") throw new Error("token.verify ours: wrong claims");
  if (verify.floor(3).sub !== "user-3") throw new Error("token.verify floor: wrong claims");

  const windows = (fns) =>
    Object.fromEntries(Object.entries(fns).map(([name, fn]) => [name, () => opsPerSecond(fn, windowMs)]));
  return {
    ...wallAndCpu("token.mint", await compareRounds(windows(mint), runs)),
    ...wallAndCpu("token.verify", await compareRounds(windows(verify), runs)),
  };
}
