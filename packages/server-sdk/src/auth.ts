import { type LiveKitClaims, signClaims, type VideoGrant } from "@exlivekit/token";
import type { RpcGrants } from "./grants.ts";
import { grantKey } from "./grants.ts";

/** Where a call gets its `Authorization` header for a grant set. */
export interface Authorizer {
  header(grants: RpcGrants): string | Promise<string>;
}

/**
 * The `token` option: a pre-signed token sent as-is on every call, whatever the call's grants. It must
 * already carry them; the server says so (401) when it does not.
 */
export class PresignedToken implements Authorizer {
  readonly #header: string;

  constructor(token: string) {
    this.#header = `Bearer ${token}`;
  }

  header(): string {
    return this.#header;
  }
}

interface Entry {
  header: string | undefined;
  pending: Promise<string> | undefined;
  refreshAt: number;
}

/** Bounds memory when callers touch many rooms; the oldest entries go first. */
const MAX_ENTRIES = 1024;

/**
 * Signs one Bearer token per grant set and reuses it until it is half-way to expiry, so a burst of
 * calls signs once. Concurrent misses share one signing.
 */
export class TokenCache implements Authorizer {
  readonly #apiKey: string;
  readonly #apiSecret: string;
  readonly #ttlSeconds: number;
  readonly #entries = new Map<string, Entry>();

  /** `ttlSeconds` is the lifetime written into each token. */
  constructor(apiKey: string, apiSecret: string, ttlSeconds: number) {
    this.#apiKey = apiKey;
    this.#apiSecret = apiSecret;
    this.#ttlSeconds = ttlSeconds;
  }

  /** The `Authorization` header value for these grants, from cache when fresh. */
  header(grants: RpcGrants): string | Promise<string> {
    const key = grantKey(grants);
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      if (entry.header !== undefined && Date.now() < entry.refreshAt) return entry.header;
      if (entry.pending !== undefined) return entry.pending;
    }
    return this.#sign(key, grants, entry);
  }

  #sign(key: string, grants: RpcGrants, existing: Entry | undefined): Promise<string> {
    const entry: Entry = existing ?? { header: undefined, pending: undefined, refreshAt: 0 };
    if (existing === undefined) {
      if (this.#entries.size >= MAX_ENTRIES) {
        const oldest = this.#entries.keys().next().value;
        if (oldest !== undefined) this.#entries.delete(oldest);
      }
      this.#entries.set(key, entry);
    }
    const signedAt = Date.now();
    const pending = this.#mint(grants).then(
      (jwt) => {
        entry.header = `Bearer ${jwt}`;
        entry.pending = undefined;
        // Refresh at half the lifetime: far from the server's expiry check even with clock skew.
        entry.refreshAt = signedAt + (this.#ttlSeconds * 1000) / 2;
        return entry.header;
      },
      (error: unknown) => {
        entry.pending = undefined;
        throw error;
      },
    );
    entry.pending = pending;
    return pending;
  }

  // The grants come from the service modules, never from input: signClaims takes them as they are, so a
  // bundle carries no grant validation. Async, so that whatever signing throws (credentials, lifetime)
  // rejects the pending header, which the caller types, instead of throwing past it.
  async #mint(g: RpcGrants): Promise<string> {
    const claims: LiveKitClaims = {};
    const video: VideoGrant = {};
    if (g.roomCreate) video.roomCreate = true;
    if (g.roomList) video.roomList = true;
    if (g.roomRecord) video.roomRecord = true;
    if (g.roomAdmin) video.roomAdmin = true;
    if (g.ingressAdmin) video.ingressAdmin = true;
    if (g.room !== undefined) video.room = g.room;
    if (g.destinationRoom !== undefined) video.destinationRoom = g.destinationRoom;
    if (Object.keys(video).length > 0) claims.video = video;
    if (g.agentAdmin || g.agentSimulationAdmin) {
      claims.agent = {
        ...(g.agentAdmin ? { admin: true } : {}),
        ...(g.agentSimulationAdmin ? { simulationAdmin: true } : {}),
      };
    }
    if (g.sipAdmin || g.sipCall) {
      claims.sip = {
        ...(g.sipAdmin ? { admin: true } : {}),
        ...(g.sipCall ? { call: true } : {}),
      };
    }
    return signClaims(claims, {
      apiKey: this.#apiKey,
      apiSecret: this.#apiSecret,
      ttlSeconds: this.#ttlSeconds,
    });
  }
}
