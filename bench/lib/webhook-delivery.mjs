// The delivery webhook.receive times: a participant_joined body shaped like the server's protojson, and
// the Authorization header the server would send for it (an HS256 JWT carrying the body's SHA-256, no
// `Bearer`).
import { createHash, createHmac } from "node:crypto";

export const apiKey = "APIbench";
export const apiSecret = "bench-secret-0123456789-0123456789-abcdef";

export const body = JSON.stringify({
  event: "participant_joined",
  room: {
    sid: "RM_q4kDr6hXwGjK",
    name: "standup",
    emptyTimeout: 300,
    departureTimeout: 20,
    creationTime: "1764079200",
    creationTimeMs: "1764079200123",
    numParticipants: 1,
  },
  participant: {
    sid: "PA_8kQw2",
    identity: "alice",
    state: "ACTIVE",
    joinedAt: "1764079201",
    joinedAtMs: "1764079201456",
    name: "Alice",
    version: 2,
    permission: { canSubscribe: true, canPublish: true, canPublishData: true },
    isPublisher: false,
  },
  id: "EV_3yQpX9aBcDeF",
  createdAt: "1764079201",
});

/** Signs the Authorization header for `body`, valid for `ttlSeconds` from now. */
export function signDelivery(ttlSeconds) {
  const b64url = (s) => Buffer.from(s).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: apiKey,
    nbf: now,
    iat: now,
    exp: now + ttlSeconds,
    sha256: createHash("sha256").update(body).digest("base64"),
  };
  const input = `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${createHmac("sha256", apiSecret).update(input).digest("base64url")}`;
}
