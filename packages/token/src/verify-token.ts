import { describeValue, isObject } from "@exlivekit/internal";
import type { LiveKitClaims } from "./claims.ts";
import { type Duration, durationToSeconds } from "./duration.ts";
import { HEADER_PREFIX, type HmacEngine } from "./engine.ts";
import { readEnv } from "./env.ts";
import { isTokenError, TokenError } from "./errors.ts";
import { type ParticipantKind, type ParticipantKindDetail, readGrantClaim } from "./grants.ts";

/** One API key and its secret. */
export interface ApiKeyCredentials {
  /** The API key (matched against the token's `iss`). */
  apiKey: string;
  /** Its secret. */
  apiSecret: string;
}

/**
 * Several API keys, each with its secret. Rotating a secret means issuing a new API key: accept both
 * the old and the new key here while clients switch over, then drop the old one.
 */
export interface KeySetCredentials {
  /** API key → secret. */
  keys: Readonly<Record<string, string>>;
}

/** Credentials for {@link verifyToken}: one key pair or a key set. */
export type VerifyCredentials = ApiKeyCredentials | KeySetCredentials;

/** Options of {@link verifyToken}. */
export interface VerifyOptions {
  /** Leeway for `exp` and `nbf`: seconds (0 allowed) or a duration string; default 60 s, like the server. */
  clockTolerance?: Duration;
  /** The time to check against; default now. */
  currentDate?: Date;
}

/** The claims of a verified token, typed. Times are seconds since the epoch. */
export interface VerifiedClaims extends LiveKitClaims {
  /** The participant identity (`sub`, or `jti` when `sub` is absent, as the server does). */
  identity?: string;
  /** The API key that signed the token (`iss`). */
  apiKey: string;
  /** Expiry (`exp`). */
  expiresAt: number;
  /** Not valid before (`nbf`), if present. */
  notBefore?: number;
  /** Issued at (`iat`), if present. */
  issuedAt?: number;
  /** The full decoded payload, including claims this version does not know. */
  payload: Readonly<Record<string, unknown>>;
}

/** Default clock tolerance of {@link verifyToken}, in seconds (the server's leeway). */
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 60;

const MAX_TOKEN_LENGTH = 1 << 20;

// Headers of tokens minted by this package, the Go SDK (same bytes) and jose-based SDKs ({"alg":"HS256"}):
// known to be valid, so the common case skips decoding them. Both include the dot that ends them.
const JOSE_HEADER_PREFIX = "eyJhbGciOiJIUzI1NiJ9.";

/**
 * Verifies an HS256 LiveKit token with the given engine and returns its typed claims.
 * Every failure is a {@link TokenError}, delivered as a rejection. With a synchronous engine the whole
 * check runs without awaiting, which matters at hundreds of thousands of verifications per second.
 */
export function verifyWith(
  engine: HmacEngine,
  token: unknown,
  credentials: VerifyCredentials | undefined,
  options?: VerifyOptions,
): Promise<VerifiedClaims> {
  try {
    const keys = resolveKeys(credentials);
    const tolerance = clockTolerance(options?.clockTolerance);
    const now = currentSeconds(options?.currentDate);
    const parsed = parseToken(engine, token, keys);
    const valid = signatureValid(engine, parsed);
    if (typeof valid === "boolean") return Promise.resolve(finish(valid, parsed, now, tolerance));
    return valid.then((ok) => finish(ok, parsed, now, tolerance));
  } catch (error) {
    return Promise.reject(error);
  }
}

interface ParsedToken {
  signingInput: string;
  signature: string;
  payload: Record<string, unknown>;
  apiKey: string;
  secret: string;
}

function finish(valid: boolean, parsed: ParsedToken, now: number, tolerance: number): VerifiedClaims {
  if (!valid) throw new TokenError("bad_signature", "token signature does not match its API key's secret");
  return checkClaims(parsed.payload, parsed.apiKey, now, tolerance);
}

function parseToken(engine: HmacEngine, token: unknown, keys: Keys): ParsedToken {
  if (typeof token !== "string") {
    throw new TokenError("malformed", `token must be a string, got ${describeValue(token)}`);
  }
  if (token.length > MAX_TOKEN_LENGTH) throw new TokenError("malformed", "token is longer than 1 MiB");
  const firstDot = token.indexOf(".");
  const secondDot = token.indexOf(".", firstDot + 1);
  if (firstDot < 0 || secondDot < 0 || token.indexOf(".", secondDot + 1) >= 0) {
    throw new TokenError("malformed", "token must have three dot-separated parts");
  }
  if (!hasKnownHeader(token, firstDot)) {
    const header = decodeJson(engine, token.slice(0, firstDot), "header");
    if (header["alg"] !== "HS256") throw new TokenError("wrong_algorithm", "token algorithm must be HS256");
    if (header["crit"] !== undefined || header["b64"] !== undefined) {
      throw new TokenError("wrong_algorithm", "token header uses unsupported JWS extensions (crit/b64)");
    }
  }
  const payload = decodeJson(engine, token.slice(firstDot + 1, secondDot), "payload");
  const apiKey = payload["iss"];
  if (typeof apiKey !== "string") throw new TokenError("unknown_key", "token has no issuer (iss) API key");
  const secret = secretOf(keys, apiKey);
  if (secret === undefined) throw new TokenError("unknown_key", "token was issued by an unknown API key");
  return {
    signingInput: token.slice(0, secondDot),
    signature: token.slice(secondDot + 1),
    payload,
    apiKey,
    secret,
  };
}

/** Compares the header in place: a set lookup would hash a fresh slice of every token. */
function hasKnownHeader(token: string, firstDot: number): boolean {
  return (
    (firstDot === HEADER_PREFIX.length - 1 && token.startsWith(HEADER_PREFIX)) ||
    (firstDot === JOSE_HEADER_PREFIX.length - 1 && token.startsWith(JOSE_HEADER_PREFIX))
  );
}

function signatureValid(engine: HmacEngine, parsed: ParsedToken): boolean | Promise<boolean> {
  try {
    const valid = engine.verify(parsed.signingInput, parsed.signature, parsed.secret);
    return typeof valid === "boolean" ? valid : valid.catch(signatureFailure);
  } catch (cause) {
    return signatureFailure(cause);
  }
}

function signatureFailure(cause: unknown): never {
  if (isTokenError(cause)) throw cause;
  throw new TokenError("bad_signature", "token signature could not be checked", { cause });
}

function checkClaims(
  payload: Record<string, unknown>,
  apiKey: string,
  now: number,
  tolerance: number,
): VerifiedClaims {
  const expiresAt = numericDate(payload, "exp");
  const notBefore = numericDate(payload, "nbf");
  const issuedAt = numericDate(payload, "iat");
  if (expiresAt === undefined) throw new TokenError("missing_exp", "token has no expiry (exp)");
  if (now >= expiresAt + tolerance) throw new TokenError("expired", "token has expired");
  if (notBefore !== undefined && notBefore > now + tolerance) {
    throw new TokenError("not_yet_valid", "token is not valid yet (nbf)");
  }

  // Named stores, one per claim, keep this hot path monomorphic (a loop over claim names would not).
  const claims: VerifiedClaims = { apiKey, expiresAt, payload };
  const identity = stringClaim(payload, "sub") || stringClaim(payload, "jti");
  if (identity) claims.identity = identity;
  if (notBefore !== undefined) claims.notBefore = notBefore;
  if (issuedAt !== undefined) claims.issuedAt = issuedAt;
  const name = stringClaim(payload, "name");
  if (name !== undefined) claims.name = name;
  const metadata = stringClaim(payload, "metadata");
  if (metadata !== undefined) claims.metadata = metadata;
  const attributes = payload["attributes"];
  if (attributes !== undefined) claims.attributes = stringRecord(attributes);
  const kind = stringClaim(payload, "kind");
  if (kind !== undefined) claims.kind = kind as ParticipantKind;
  const kindDetails = payload["kindDetails"];
  if (kindDetails !== undefined) claims.kindDetails = stringArray(kindDetails) as ParticipantKindDetail[];
  const video = payload["video"];
  if (video !== undefined) claims.video = readGrantClaim("video", video);
  const sip = payload["sip"];
  if (sip !== undefined) claims.sip = readGrantClaim("sip", sip);
  const agent = payload["agent"];
  if (agent !== undefined) claims.agent = readGrantClaim("agent", agent);
  const inference = payload["inference"];
  if (inference !== undefined) claims.inference = readGrantClaim("inference", inference);
  const observability = payload["observability"];
  if (observability !== undefined) {
    claims.observability = readGrantClaim("observability", observability);
  }
  const roomConfig = payload["roomConfig"];
  if (roomConfig !== undefined) {
    if (!isObject(roomConfig)) throw new TokenError("invalid_claims", "roomConfig claim must be an object");
    claims.roomConfig = roomConfig;
  }
  const roomPreset = stringClaim(payload, "roomPreset");
  if (roomPreset !== undefined) claims.roomPreset = roomPreset;
  const sha256 = stringClaim(payload, "sha256");
  if (sha256 !== undefined) claims.sha256 = sha256;
  return claims;
}

function stringRecord(value: unknown): Record<string, string> {
  if (!isObject(value) || !Object.values(value).every((v) => typeof v === "string")) {
    throw new TokenError("invalid_claims", "attributes claim must be an object of strings");
  }
  return value as Record<string, string>;
}

function stringArray(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
    throw new TokenError("invalid_claims", "kindDetails claim must be an array of strings");
  }
  return value;
}

/** Validated credentials: one key pair, or a key set (API key → secret). */
type Keys = ApiKeyCredentials | { readonly set: Readonly<Record<string, unknown>> };

function secretOf(keys: Keys, apiKey: string): string | undefined {
  if ("set" in keys) return Object.hasOwn(keys.set, apiKey) ? (keys.set[apiKey] as string) : undefined;
  return apiKey === keys.apiKey ? keys.apiSecret : undefined;
}

function resolveKeys(credentials: VerifyCredentials | undefined): Keys {
  if (credentials === undefined) {
    const apiKey = readEnv("LIVEKIT_API_KEY");
    const apiSecret = readEnv("LIVEKIT_API_SECRET");
    if (apiKey === undefined || apiSecret === undefined) {
      throw new TokenError(
        "missing_credentials",
        "verifyToken needs { apiKey, apiSecret } or { keys }, or LIVEKIT_API_KEY and LIVEKIT_API_SECRET set",
      );
    }
    return { apiKey, apiSecret };
  }
  if (isObject(credentials) && "keys" in credentials) {
    const set = credentials.keys;
    if (!isObject(set)) throw new TokenError("invalid_option", "keys must be an object of API key → secret");
    let size = 0;
    for (const key in set) {
      if (!Object.hasOwn(set, key)) continue;
      const secret = set[key];
      if (typeof secret !== "string" || secret === "" || key === "") {
        throw new TokenError(
          "invalid_option",
          "every key set entry needs a non-empty API key and secret string",
        );
      }
      size++;
    }
    if (size === 0) throw new TokenError("missing_credentials", "the key set is empty");
    return { set };
  }
  if (isObject(credentials) && "apiKey" in credentials) {
    const { apiKey, apiSecret } = credentials;
    if (typeof apiKey !== "string" || apiKey === "" || typeof apiSecret !== "string" || apiSecret === "") {
      throw new TokenError("missing_credentials", "apiKey and apiSecret must be non-empty strings");
    }
    return credentials as ApiKeyCredentials;
  }
  throw new TokenError("invalid_option", "credentials must be { apiKey, apiSecret } or { keys }");
}

function clockTolerance(value: Duration | undefined): number {
  return value === undefined
    ? DEFAULT_CLOCK_TOLERANCE_SECONDS
    : durationToSeconds(value, "clockTolerance", true);
}

function currentSeconds(date: Date | undefined): number {
  if (date === undefined) return Math.floor(Date.now() / 1000);
  const ms = date instanceof Date ? date.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new TokenError("invalid_option", "currentDate must be a valid Date");
  return Math.floor(ms / 1000);
}

function decodeJson(engine: HmacEngine, part: string, what: string): Record<string, unknown> {
  let text: string | undefined;
  let value: unknown;
  try {
    text = engine.decodeText(part);
    if (text !== undefined) value = JSON.parse(text);
  } catch (cause) {
    throw new TokenError("malformed", `token ${what} is not base64url-encoded JSON`, { cause });
  }
  if (text === undefined) throw new TokenError("malformed", `token ${what} is not base64url`);
  if (!isObject(value)) throw new TokenError("malformed", `token ${what} is not a JSON object`);
  return value;
}

function numericDate(payload: Record<string, unknown>, claim: string): number | undefined {
  const value = payload[claim];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new TokenError("invalid_claims", `${claim} claim must be a number of seconds`);
  }
  return value;
}

function stringClaim(payload: Record<string, unknown>, claim: string): string | undefined {
  const value = payload[claim];
  if (value !== undefined && typeof value !== "string") {
    throw new TokenError("invalid_claims", `${claim} claim must be a string, got ${describeValue(value)}`);
  }
  return value;
}
