import type { ClientOptions } from "./client.ts";
import { CLIENT_STATE, Client } from "./client.ts";
import { ConfigError } from "./errors.ts";
import { AgentDispatchService } from "./services/agent-dispatch.ts";
import { AgentSimulationService } from "./services/agent-simulation.ts";
import { CloudAgentService, cloudAgentHost } from "./services/cloud-agent.ts";
import { ConnectorService } from "./services/connector.ts";
import { EgressService } from "./services/egress.ts";
import { IngressService } from "./services/ingress.ts";
import { PhoneNumberService } from "./services/phone-number.ts";
import { ReplayService } from "./services/replay.ts";
import { RoomService } from "./services/room.ts";
import { SipService } from "./services/sip.ts";

// biome-ignore lint/suspicious/noExplicitAny: the argument lists differ per function; `Bound` restores them.
type ServiceFunctions = Readonly<Record<string, (client: Client, ...args: any[]) => unknown>>;

/** A service namespace with its functions bound to one client: `RoomService.createRoom(client, name)` becomes `room.createRoom(name)`. */
export type BoundService<S extends ServiceFunctions> = {
  readonly [K in keyof S]: S[K] extends (client: Client, ...args: infer A) => infer R
    ? (...args: A) => R
    : never;
};

/**
 * Binds every function of a service namespace to `client`; the functions underneath are the same.
 * @typeParam S - the namespace, e.g. `typeof RoomService`
 */
export function bindService<S extends ServiceFunctions>(client: Client, service: S): BoundService<S> {
  const bound: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(service)) bound[name] = (...args: unknown[]) => fn(client, ...args);
  return Object.freeze(bound) as BoundService<S>;
}

/**
 * Every service bound to one `Client`, for code that prefers `api.room.createRoom("my-room")` to
 * `RoomService.createRoom(client, "my-room")` (the official SDK's `LiveKitAPI`). Both styles call the same
 * functions. `cloudAgent` talks to LiveKit Cloud's separate agents host through a second client with the
 * same options, created on first use.
 */
export class LiveKitApi {
  /** The client every service here is bound to. */
  readonly client: Client;
  /** `RoomService`, bound to `client`. */
  readonly room: BoundService<typeof RoomService>;
  /** `EgressService`, bound to `client`. */
  readonly egress: BoundService<typeof EgressService>;
  /** `IngressService`, bound to `client`. */
  readonly ingress: BoundService<typeof IngressService>;
  /** `SipService`, bound to `client`. */
  readonly sip: BoundService<typeof SipService>;
  /** `AgentDispatchService`, bound to `client`. */
  readonly agentDispatch: BoundService<typeof AgentDispatchService>;
  /** `ConnectorService`, bound to `client`. */
  readonly connector: BoundService<typeof ConnectorService>;
  /** `PhoneNumberService`, bound to `client`. */
  readonly phoneNumber: BoundService<typeof PhoneNumberService>;
  /** `AgentSimulationService`, bound to `client`. */
  readonly agentSimulation: BoundService<typeof AgentSimulationService>;
  /** `ReplayService`, bound to `client`. */
  readonly replay: BoundService<typeof ReplayService>;
  readonly #options: ClientOptions | undefined;
  #cloudAgent: { client: Client; service: BoundService<typeof CloudAgentService> } | undefined;

  /** From client options (as `new Client(options)`), or an existing client, which it then shares. */
  constructor(clientOrOptions: Client | ClientOptions) {
    const isClient = clientOrOptions instanceof Client;
    this.client = isClient ? clientOrOptions : new Client(clientOrOptions);
    this.#options = isClient ? undefined : clientOrOptions;
    this.room = bindService(this.client, RoomService);
    this.egress = bindService(this.client, EgressService);
    this.ingress = bindService(this.client, IngressService);
    this.sip = bindService(this.client, SipService);
    this.agentDispatch = bindService(this.client, AgentDispatchService);
    this.connector = bindService(this.client, ConnectorService);
    this.phoneNumber = bindService(this.client, PhoneNumberService);
    this.agentSimulation = bindService(this.client, AgentSimulationService);
    this.replay = bindService(this.client, ReplayService);
  }

  /**
   * LiveKit Cloud's CloudAgent service, on `cloudAgentHost(host)` with this API's options. Only for an API
   * built from options: with a shared `Client`, bind one yourself with
   * `bindService(new Client({ ...options, host: cloudAgentHost(url) }), CloudAgentService)`.
   */
  get cloudAgent(): BoundService<typeof CloudAgentService> {
    if (this.#cloudAgent === undefined) {
      if (this.#options === undefined) {
        throw new ConfigError(
          "invalid_config",
          "cloudAgent needs a LiveKitApi built from options, not from a Client",
        );
      }
      const client = new Client({ ...this.#options, host: cloudAgentHost(this.client.host) });
      this.#cloudAgent = { client, service: bindService(client, CloudAgentService) };
    }
    return this.#cloudAgent.service;
  }

  /** Closes the client this API created (a shared `Client` is left to its owner), and the agents one. */
  async close(): Promise<void> {
    if (this.#options === undefined) return;
    // Both clients share one transport: release it once, and refuse later calls on either.
    if (this.#cloudAgent !== undefined) this.#cloudAgent.client[CLIENT_STATE].closed = true;
    await this.client.close();
  }
}
