import { describeValue } from "@exlivekit/internal";
import type { LiveKitClaims } from "./claims.ts";
import { type Duration, durationToSeconds } from "./duration.ts";
import { readEnv } from "./env.ts";
import { TokenError } from "./errors.ts";
import {
  type AgentGrant,
  checkGrant,
  type GrantClaim,
  type InferenceGrant,
  type ObservabilityGrant,
  PARTICIPANT_KIND_DETAILS,
  PARTICIPANT_KINDS,
  type ParticipantKind,
  type ParticipantKindDetail,
  quoteName,
  type SipGrant,
  type VideoGrant,
} from "./grants.ts";
import { payloadJson } from "./payload.ts";
import { normalizeRoomConfig, type RoomConfiguration, type RoomConfigurationMessage } from "./room-config.ts";

/** Options of `new AccessToken(options)`. Credentials fall back to `LIVEKIT_API_KEY` / `LIVEKIT_API_SECRET`. */
export interface AccessTokenOptions {
  /** API key (the token's `iss`); default: `LIVEKIT_API_KEY`. */
  apiKey?: string;
  /** API secret that signs the token; default: `LIVEKIT_API_SECRET`. */
  apiSecret?: string;
  /** Participant identity (the token's `sub`). */
  identity?: string;
  /** Participant display name. */
  name?: string;
  /** Time to live: seconds or a duration string such as `"10m"`; default 3600 s. */
  ttl?: Duration;
  /** Participant metadata (as `addMetadata`). */
  metadata?: string;
  /** Participant attributes (as `addAttributes`). */
  attributes?: Record<string, string>;
}

/** Options of `addRoomConfig`. */
export interface RoomConfigOptions {
  /**
   * Allow storage credentials and stream outputs in `egress`. Tokens are signed, not encrypted: only
   * enable this for tokens that never leave your servers.
   */
  allowSensitiveCredentials?: boolean;
}

/** Default time to live of a token, in seconds. */
export const DEFAULT_TTL_SECONDS = 3600;

/**
 * The runtime-independent part of `AccessToken`: collects identity, grants and options and lays out the
 * claims. Each entry point subclasses it with its HS256 signer; use `AccessToken`, not this class.
 */
export abstract class AccessTokenBuilder {
  readonly #apiKey: string;
  readonly #apiSecret: string;
  #identity: string | undefined;
  #ttl: number = DEFAULT_TTL_SECONDS;
  readonly #claims: LiveKitClaims = {};

  /**
   * @param options - credentials (else taken from `LIVEKIT_API_KEY` / `LIVEKIT_API_SECRET`), identity, name,
   *   ttl, metadata, attributes
   * @throws {@link TokenError} `missing_credentials` when no key or secret is found; `invalid_option` for a bad ttl
   */
  constructor(options: AccessTokenOptions = {}) {
    const apiKey = options.apiKey ?? readEnv("LIVEKIT_API_KEY");
    const apiSecret = options.apiSecret ?? readEnv("LIVEKIT_API_SECRET");
    if (!isNonEmptyString(apiKey) || !isNonEmptyString(apiSecret)) {
      const missing = [
        isNonEmptyString(apiKey) ? "" : "apiKey (or LIVEKIT_API_KEY)",
        isNonEmptyString(apiSecret) ? "" : "apiSecret (or LIVEKIT_API_SECRET)",
      ].filter(Boolean);
      throw new TokenError(
        "missing_credentials",
        `AccessToken needs an API key and secret: pass { apiKey, apiSecret } or set LIVEKIT_API_KEY and ` +
          `LIVEKIT_API_SECRET (missing or not a string: ${missing.join(", ")})`,
      );
    }
    this.#apiKey = apiKey;
    this.#apiSecret = apiSecret;
    if (options.identity !== undefined) this.addIdentity(options.identity);
    if (options.name !== undefined) this.addName(options.name);
    if (options.ttl !== undefined) this.addTtl(options.ttl);
    if (options.metadata !== undefined) this.addMetadata(options.metadata);
    if (options.attributes !== undefined) this.addAttributes(options.attributes);
  }

  /** The participant identity (`sub`), if set. */
  get identity(): string | undefined {
    return this.#identity;
  }

  /** Time to live in seconds. */
  get ttl(): number {
    return this.#ttl;
  }

  /** Sets the participant identity (the `sub` claim). */
  addIdentity(identity: string): this {
    this.#identity = nonEmptyString("identity", identity);
    return this;
  }

  /** Sets the participant display name. */
  addName(name: string): this {
    this.#claims.name = stringClaim("name", name);
    return this;
  }

  /** Sets the participant metadata (any string, often JSON). */
  addMetadata(metadata: string): this {
    this.#claims.metadata = stringClaim("metadata", metadata);
    return this;
  }

  /** Merges participant attributes into those already set. Values must be strings. */
  addAttributes(attributes: Record<string, string>): this {
    if (typeof attributes !== "object" || attributes === null || Array.isArray(attributes)) {
      throw new TokenError(
        "invalid_grant",
        `attributes must be an object of strings, got ${describeValue(attributes)}`,
      );
    }
    for (const [key, value] of Object.entries(attributes)) {
      if (typeof value !== "string") {
        throw new TokenError(
          "invalid_grant",
          `attribute ${quoteName(key)} must be a string, got ${describeValue(value)}`,
        );
      }
    }
    const merged = { ...this.#claims.attributes, ...attributes };
    if (Object.keys(merged).length > 0) this.#claims.attributes = merged;
    return this;
  }

  /** Sets the time to live: seconds, or a duration string such as `"10m"` or `"1h30m"` (default 3600 s). */
  addTtl(ttl: Duration): this {
    this.#ttl = durationToSeconds(ttl, "ttl");
    return this;
  }

  /** Merges room and participant permissions into the video grant. Unknown keys throw `invalid_grant`. */
  addGrants(grant: VideoGrant): this {
    return this.#merge("video", grant);
  }

  /** Merges SIP permissions (`admin`, `call`). */
  addSipGrants(grant: SipGrant): this {
    return this.#merge("sip", grant);
  }

  /** Merges agent permissions (`admin`, `simulationAdmin`). */
  addAgentGrants(grant: AgentGrant): this {
    return this.#merge("agent", grant);
  }

  /** Merges inference permissions (`perform`). */
  addInferenceGrants(grant: InferenceGrant): this {
    return this.#merge("inference", grant);
  }

  /** Merges observability permissions (`write`). */
  addObservabilityGrants(grant: ObservabilityGrant): this {
    return this.#merge("observability", grant);
  }

  /** Sets the participant kind: standard, egress, ingress, sip, agent, connector or bridge. */
  addKind(kind: ParticipantKind): this {
    if (!(PARTICIPANT_KINDS as readonly unknown[]).includes(kind)) {
      throw new TokenError("invalid_grant", `kind must be one of ${PARTICIPANT_KINDS.join(", ")}`);
    }
    this.#claims.kind = kind;
    return this;
  }

  /** Sets details refining the participant kind (e.g. `"cloud_agent"`, `"forwarded"`); none clears them. */
  addKindDetails(...details: ParticipantKindDetail[]): this {
    for (const detail of details) {
      if (!(PARTICIPANT_KIND_DETAILS as readonly unknown[]).includes(detail)) {
        throw new TokenError(
          "invalid_grant",
          `kind details must be among ${PARTICIPANT_KIND_DETAILS.join(", ")}`,
        );
      }
    }
    if (details.length > 0) this.#claims.kindDetails = [...details];
    else delete this.#claims.kindDetails;
    return this;
  }

  /**
   * Sets the room configuration used when this participant's join creates the room (protobuf JSON of
   * `livekit.RoomConfiguration`, or that message made with `@exlivekit/protocol`). Only set, non-default
   * fields go into the token.
   */
  addRoomConfig(config: RoomConfiguration | RoomConfigurationMessage, options: RoomConfigOptions = {}): this {
    this.#claims.roomConfig = normalizeRoomConfig(config, options.allowSensitiveCredentials === true);
    return this;
  }

  /** Sets the room preset (LiveKit Cloud). */
  addRoomPreset(preset: string): this {
    this.#claims.roomPreset = stringClaim("roomPreset", preset);
    return this;
  }

  /** Sets the `sha256` claim: base64 SHA-256 of a body this token vouches for (as webhooks do). */
  addSha256(sha256: string): this {
    this.#claims.sha256 = stringClaim("sha256", sha256);
    return this;
  }

  /**
   * Signs the token (HS256).
   * @returns the compact JWT
   * @throws {@link TokenError} `invalid_grant` when a `roomJoin` grant lacks an identity or room
   */
  async toJwt(): Promise<string> {
    const video = this.#claims.video;
    if (video?.roomJoin === true && (this.#identity === undefined || !video.room)) {
      throw new TokenError(
        "invalid_grant",
        "a roomJoin grant needs an identity (addIdentity) and a room (addGrants({ room }))",
      );
    }
    return this.sign(payloadJson(this.#apiKey, this.#identity, this.#ttl, this.#claims), this.#apiSecret);
  }

  /** Signs the JSON payload with the entry point's HS256 primitive. */
  protected abstract sign(payloadJson: string, secret: string): string | Promise<string>;

  #merge(claim: GrantClaim, grant: object): this {
    const checked = checkGrant(claim, grant);
    const claims = this.#claims as Record<string, object | undefined>;
    const existing = claims[claim];
    claims[claim] = existing === undefined ? checked : Object.assign({ ...existing }, checked);
    return this;
  }
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value !== "";
}

function stringClaim(name: string, value: unknown): string {
  if (typeof value !== "string") {
    throw new TokenError("invalid_grant", `${name} must be a string, got ${describeValue(value)}`);
  }
  return value;
}

function nonEmptyString(name: string, value: unknown): string {
  if (stringClaim(name, value) === "") throw new TokenError("invalid_grant", `${name} must not be empty`);
  return value as string;
}
