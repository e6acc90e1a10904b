import { createHash, createHmac } from "node:crypto";

/** Test credentials; the secret is 32+ chars as the server requires. */
export const apiKey = "APIwebhookTest";
export const apiSecret = "webhook-test-secret-0123456789-abcdefghij";

const b64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

/** Standard padded base64 SHA-256, as the server puts in the `sha256` claim. */
export function bodySha256(body: string | Uint8Array): string {
  return createHash("sha256").update(body).digest("base64");
}

export interface SignOptions {
  secret?: string;
  alg?: string;
  header?: Record<string, unknown>;
  claims?: Record<string, unknown>;
  /** Drop these claims from the defaults. */
  omit?: string[];
}

/** Mints a JWT by hand, so tests can forge exactly the defect they need. */
export function signJwt(options: SignOptions = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: options.alg ?? "HS256", typ: "JWT", ...options.header };
  const claims: Record<string, unknown> = {
    iss: apiKey,
    nbf: now,
    iat: now,
    exp: now + 300,
    ...options.claims,
  };
  for (const name of options.omit ?? []) delete claims[name];
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const hmac = new Map([
    ["HS256", "sha256"],
    ["HS384", "sha384"],
    ["HS512", "sha512"],
  ]).get(header.alg as string);
  const signature = hmac
    ? createHmac(hmac, options.secret ?? apiSecret)
        .update(signingInput)
        .digest("base64url")
    : "";
  return `${signingInput}.${signature}`;
}

/** A delivery as livekit-server sends it: body bytes plus an Authorization header holding the bare JWT. */
export function signDelivery(body: string | Uint8Array, options: SignOptions = {}): string {
  return signJwt({ ...options, claims: { sha256: bodySha256(body), ...options.claims } });
}

/**
 * A room_started body shaped like the server's protojson: lowerCamel keys, defaults omitted, int64 as
 * strings, Go's habit of odd spacing included.
 */
export const roomStartedBody =
  '{"event":"room_started", "room":{"sid":"RM_q4kDr6hXwGjK","name":"standup","emptyTimeout":300,' +
  '"departureTimeout":20,"creationTime":"1764079200","creationTimeMs":"1764079200123","turnPassword":"x",' +
  '"enabledCodecs":[{"mime":"audio/opus"},{"mime":"video/VP8"}]},"id":"EV_3yQpX9aBcDeF","createdAt":"1764079200"}';
