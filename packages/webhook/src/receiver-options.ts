import type { Duration, VerifyCredentials } from "@exlivekit/token";
import { durationToSeconds, isTokenError, readEnv } from "@exlivekit/token";
import { WebhookError } from "./webhook-error.ts";

/** One API key and its secret: the `webhook.api_key` of the server's config and that key's secret. */
export interface WebhookKeyPair {
  /** The API key the server signs webhooks with (the token's `iss`). */
  apiKey: string;
  /** That key's secret. */
  apiSecret: string;
  /** Not with `apiKey`: use one form or the other. */
  keys?: never;
}

/** Several accepted keys at once, for rotating the webhook key without dropping deliveries. */
export interface WebhookKeySet {
  /** API key -> secret. A delivery signed by any of them is accepted. */
  keys: Readonly<Record<string, string>>;
  /** Not with `keys`. */
  apiKey?: never;
  /** Not with `keys`. */
  apiSecret?: never;
}

/** Options for {@link WebhookReceiver}. Credentials fall back to the environment when omitted. */
export type WebhookReceiverOptions = (
  | WebhookKeyPair
  | WebhookKeySet
  | {
      /** Omitted: read from the environment. */
      apiKey?: never;
      /** Omitted: read from the environment. */
      apiSecret?: never;
      /** Omitted: read from the environment. */
      keys?: never;
    }
) & {
  /**
   * Clock skew allowed on the token's `exp`/`nbf`: seconds or a duration string (`"2m"`), as everywhere in
   * ExLivekit. Default 60 s, as the server itself allows.
   */
  clockTolerance?: Duration;
  /** Largest body accepted, in bytes. Default 1 MiB; LiveKit events are a few KB. */
  maxBodyBytes?: number;
};

/** Defaults applied by {@link WebhookReceiver}. */
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 60;
/** Default {@link WebhookReceiverOptions.maxBodyBytes}: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Options with credentials and defaults resolved. */
export interface ResolvedReceiverOptions {
  /** The keys in the form @exlivekit/token checks fastest: a single pair, or the key set. */
  credentials: VerifyCredentials;
  /** Seconds. */
  clockTolerance: number;
  /** Bytes. */
  maxBodyBytes: number;
}

function fail(message: string): never {
  throw new WebhookError("missing_credentials", message);
}

function pairFromEnv(keyVar: string, secretVar: string): Record<string, string> | undefined {
  const apiKey = readEnv(keyVar);
  const apiSecret = readEnv(secretVar);
  if (!apiKey && !apiSecret) return undefined;
  if (!apiKey) fail(`${secretVar} is set but ${keyVar} is not`);
  if (!apiSecret) fail(`${keyVar} is set but ${secretVar} is not`);
  return { [apiKey]: apiSecret };
}

function resolveKeys(options: WebhookReceiverOptions): Record<string, string> {
  if (options.keys !== undefined) {
    const entries = Object.entries(options.keys);
    if (entries.length === 0) fail("options.keys is empty: give at least one { apiKey: secret }");
    for (const [apiKey, secret] of entries) {
      if (!apiKey) fail("options.keys has an empty API key");
      if (typeof secret !== "string" || !secret) fail(`options.keys["${apiKey}"] has no secret`);
    }
    return Object.fromEntries(entries);
  }
  if (options.apiKey !== undefined || options.apiSecret !== undefined) {
    if (!options.apiKey) fail("options.apiSecret is given but options.apiKey is missing or empty");
    if (!options.apiSecret) fail("options.apiKey is given but options.apiSecret is missing or empty");
    return { [options.apiKey]: options.apiSecret };
  }
  return (
    pairFromEnv("LIVEKIT_WEBHOOK_API_KEY", "LIVEKIT_WEBHOOK_API_SECRET") ??
    pairFromEnv("LIVEKIT_API_KEY", "LIVEKIT_API_SECRET") ??
    fail(
      "no webhook credentials: pass { apiKey, apiSecret } or { keys }, or set LIVEKIT_WEBHOOK_API_KEY and " +
        "LIVEKIT_WEBHOOK_API_SECRET (or LIVEKIT_API_KEY and LIVEKIT_API_SECRET)",
    )
  );
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new WebhookError("invalid_options", `options.${name} must be a finite number >= 0`);
  }
  return value;
}

function tolerance(value: Duration | undefined): number {
  if (value === undefined) return DEFAULT_CLOCK_TOLERANCE_SECONDS;
  try {
    return durationToSeconds(value, "options.clockTolerance", true);
  } catch (cause) {
    if (!isTokenError(cause)) throw cause;
    throw new WebhookError("invalid_options", cause.message, { cause });
  }
}

/** Validates options once, at construction, so every later failure is about a delivery. */
export function resolveReceiverOptions(options: WebhookReceiverOptions = {}): ResolvedReceiverOptions {
  const keys = Object.entries(resolveKeys(options));
  const [first] = keys;
  return {
    credentials:
      keys.length === 1 && first
        ? { apiKey: first[0], apiSecret: first[1] }
        : { keys: Object.fromEntries(keys) },
    clockTolerance: tolerance(options.clockTolerance),
    maxBodyBytes: nonNegative("maxBodyBytes", options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES),
  };
}
