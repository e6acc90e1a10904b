/**
 * `@exlivekit/token/endpoint`: the server side of LiveKit's standard token endpoint (the client SDKs'
 * `TokenSource.endpoint(url)`), as a web-standard `(Request) => Promise<Response>` handler. This default
 * entry signs with Web Crypto; Node selects `endpoint.node.ts` (node:crypto) through the `node` condition.
 * @packageDocumentation
 */
import { AccessToken } from "./index.ts";
import { createEndpointWith, type TokenEndpoint, type TokenEndpointOptions } from "./token-endpoint.ts";

export * from "./endpoint-exports.ts";

/**
 * Creates the token endpoint. `authorize` decides, per request, what the token grants; the client's
 * ask (room, identity, room configuration) is only a suggestion it may use or ignore.
 * @example
 * export const POST = createTokenEndpoint({
 *   authorize: async (ask, request) => {
 *     const user = await sessionUser(request);
 *     if (!user) return null; // 401
 *     return { identity: user.id, grants: { roomJoin: true, room: "lobby", canPublish: true } };
 *   },
 * });
 * @throws {@link TokenError} `missing_credentials` or `invalid_option` when the options cannot work
 */
export function createTokenEndpoint(options: TokenEndpointOptions): TokenEndpoint {
  return createEndpointWith(AccessToken, options);
}
