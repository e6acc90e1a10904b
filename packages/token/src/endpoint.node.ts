/**
 * `@exlivekit/token/endpoint` for Node (selected by the `node` export condition): the same API as the
 * default entry, signing with node:crypto.
 * @packageDocumentation
 */
import { AccessToken } from "./index.node.ts";
import { createEndpointWith, type TokenEndpoint, type TokenEndpointOptions } from "./token-endpoint.ts";

export * from "./endpoint-exports.ts";

/**
 * Creates the token endpoint. `authorize` decides, per request, what the token grants; the client's
 * ask (room, identity, room configuration) is only a suggestion it may use or ignore.
 * @throws {@link TokenError} `missing_credentials` or `invalid_option` when the options cannot work
 */
export function createTokenEndpoint(options: TokenEndpointOptions): TokenEndpoint {
  return createEndpointWith(AccessToken, options);
}
