// Public entry of @exlivekit/transport-undici: the factory and its options, nothing else.

export type { UndiciTransportOptions } from "./undici-transport.ts";
export { undiciTransport } from "./undici-transport.ts";
