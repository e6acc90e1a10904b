// Public entry of @exlivekit/transport-fetch: the factory and its options, nothing else.

export type { FetchTransportOptions } from "./fetch-transport.ts";
export { fetchTransport } from "./fetch-transport.ts";
