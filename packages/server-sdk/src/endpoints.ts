/**
 * Where a client's calls can go, and which of those places currently work. One failover mechanism with
 * two sources of endpoints: the static list the client was given (the nodes of a self-hosted cluster), or
 * a LiveKit Cloud project plus the regions its `/settings/regions` names (see cloud-regions.ts).
 *
 * Health: an endpoint that failed at the network level is set aside and calls start elsewhere; after a
 * backoff (doubling per failure, capped) one probe (`GET <endpoint>/`) checks it, and any HTTP answer
 * below 500 brings it back. While set aside it is only used when nothing healthy is left. Probing with a
 * request of our own, rather than with the next real call, keeps calls that must never run twice away
 * from an endpoint that may hang.
 */
import { type LiveKitError, TransportError, TwirpError } from "./errors.ts";
import type { Transport } from "./transport.ts";

/** Looks up more endpoints (Cloud regions) for a failover; resolves with none when it cannot. */
export type DiscoverFn = (authorization: string, timeoutMs: number) => Promise<readonly string[]>;

/** Checks a set-aside endpoint: resolves true when it answers again. Never rejects. */
export type ProbeFn = (endpoint: string) => Promise<boolean>;

/** Backoff before the first probe of a failed endpoint; doubled on every failed probe. */
export const PROBE_INITIAL_DELAY_MS = 500;
/** Upper bound of the probe backoff. */
export const PROBE_MAX_DELAY_MS = 15_000;

// Failures that say the endpoint itself is unreachable. A deadline or an abort says nothing about it, and
// neither does a reset: a pooled keep-alive socket the server just closed looks the same.
const UNREACHABLE = new Set(["connection_refused", "connect_timeout", "dns_failure", "network_error"]);

/** Where a retry goes, and whether it is a fresh endpoint (no backoff needed) or one tried before. */
export interface NextEndpoint {
  readonly endpoint: string;
  readonly moved: boolean;
}

interface Health {
  /** Consecutive failures, 0 when healthy. */
  failures: number;
  /** `Date.now()` from which a probe may run. */
  probeAt: number;
  probing: boolean;
}

export class Endpoints {
  readonly #configured: readonly string[];
  readonly #discover: DiscoverFn | undefined;
  readonly #probe: ProbeFn;
  readonly #now: () => number;
  /** Configured endpoints, then discovered ones; rebuilt only when a discovery changes the list. */
  #all: readonly string[];
  readonly #health = new Map<string, Health>();

  constructor(
    configured: readonly string[],
    options: { discover?: DiscoverFn | undefined; probe: ProbeFn; now?: () => number },
  ) {
    this.#configured = configured;
    this.#all = configured;
    this.#discover = options.discover;
    this.#probe = options.probe;
    this.#now = options.now ?? Date.now;
  }

  /** Every endpoint known now, configured ones first. */
  get all(): readonly string[] {
    return this.#all;
  }

  /**
   * Where the next attempt goes: the first healthy endpoint in order that this call has not tried, else
   * the untried set-aside endpoint due soonest. `undefined` when this call has tried them all.
   */
  next(tried?: ReadonlySet<string>): string | undefined {
    const all = this.#all;
    // The common case, all healthy and nothing tried yet: no allocation, no map lookups beyond one.
    if (this.#health.size === 0) {
      for (const endpoint of all) if (tried === undefined || !tried.has(endpoint)) return endpoint;
      return undefined;
    }
    for (const [endpoint, health] of this.#health) this.#maybeProbe(endpoint, health);
    let fallback: string | undefined;
    let fallbackAt = Number.POSITIVE_INFINITY;
    for (const endpoint of all) {
      if (tried?.has(endpoint)) continue;
      const health = this.#health.get(endpoint);
      if (health === undefined) return endpoint;
      if (health.probeAt < fallbackAt) {
        fallback = endpoint;
        fallbackAt = health.probeAt;
      }
    }
    return fallback;
  }

  /** Whether `endpoint` is set aside now. */
  isSetAside(endpoint: string): boolean {
    return this.#health.has(endpoint);
  }

  /** An attempt on `endpoint` failed at the network level: set it aside until a probe brings it back. */
  failed(endpoint: string): void {
    const health = this.#health.get(endpoint);
    if (health === undefined) {
      this.#health.set(endpoint, { failures: 1, probeAt: this.#now() + delayMs(1), probing: false });
    } else if (!health.probing) {
      health.failures += 1;
      health.probeAt = this.#now() + delayMs(health.failures);
    }
  }

  /** Records how an attempt on `endpoint` failed: unreachable sets it aside, an HTTP answer clears it. */
  record(endpoint: string, error: LiveKitError): void {
    if (error instanceof TransportError) {
      if (UNREACHABLE.has(error.code)) this.failed(endpoint);
    } else if (error instanceof TwirpError) {
      this.answered(endpoint);
    }
  }

  /**
   * Where the retry of a call that failed on `endpoint` goes (the retry itself was already decided by the
   * call's policy and retry class): an endpoint this call has not tried, from the list or, when the list
   * is used up, from discovery; else the best known one again. A 429 stays: that server asked us to wait.
   */
  async retryTarget(
    endpoint: string,
    error: LiveKitError,
    tried: Set<string>,
    authorization: string,
    remainingMs: number,
  ): Promise<NextEndpoint> {
    if (error instanceof TwirpError && error.status === 429) return { endpoint, moved: false };
    tried.add(endpoint);
    const fresh = this.next(tried) ?? (await this.discover(tried, authorization, remainingMs));
    if (fresh !== undefined) return { endpoint: fresh, moved: true };
    return { endpoint: this.next() ?? endpoint, moved: false };
  }

  /** An attempt on `endpoint` got an HTTP answer: it works. */
  answered(endpoint: string): void {
    if (this.#health.size !== 0) this.#health.delete(endpoint);
  }

  /**
   * Asks the discovery source (Cloud regions) for more endpoints when this call has tried every known one.
   * Resolves with the endpoint to try next, if discovery found an untried one.
   */
  async discover(
    tried: ReadonlySet<string>,
    authorization: string,
    timeoutMs: number,
  ): Promise<string | undefined> {
    if (this.#discover === undefined || timeoutMs <= 0) return undefined;
    const found = await this.#discover(authorization, timeoutMs);
    const merged = [...this.#configured];
    for (const endpoint of found) if (!merged.includes(endpoint)) merged.push(endpoint);
    if (merged.length !== this.#all.length || merged.some((endpoint, i) => endpoint !== this.#all[i])) {
      this.#all = merged;
      for (const endpoint of this.#health.keys())
        if (!merged.includes(endpoint)) this.#health.delete(endpoint);
    }
    return this.next(tried);
  }

  #maybeProbe(endpoint: string, health: Health): void {
    if (health.probing || this.#now() < health.probeAt) return;
    health.probing = true;
    void this.#probe(endpoint).then((alive) => {
      health.probing = false;
      if (this.#health.get(endpoint) !== health) return;
      if (alive) {
        this.#health.delete(endpoint);
      } else {
        health.failures += 1;
        health.probeAt = this.#now() + delayMs(health.failures);
      }
    });
  }
}

function delayMs(failures: number): number {
  return Math.min(PROBE_MAX_DELAY_MS, PROBE_INITIAL_DELAY_MS * 2 ** Math.min(failures - 1, 16));
}

/** The probe clients use: `GET <endpoint>/` through the transport; any answer below 500 means alive. */
export function httpProbe(transport: Transport, timeoutMs = 2_000): ProbeFn {
  return (endpoint) =>
    transport
      .request({ url: `${endpoint}/`, method: "GET", headers: {}, body: new Uint8Array(0), timeoutMs })
      .then(
        (response) => response.status < 500,
        () => false,
      );
}
