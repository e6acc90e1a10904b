// @ts-check
// The packages whose public API is documented and checked: each entry point a user can import, named
// as they import it. @exlivekit/protocol is left out: it is generated from LiveKit's .proto files, whose
// own comments are its documentation.

/** @typedef {{ module: string, entry: string }} PublishedEntry */

/** @type {readonly PublishedEntry[]} */
export const PUBLISHED_ENTRIES = [
  { module: "@exlivekit/token", entry: "packages/token/src/index.ts" },
  { module: "@exlivekit/token/endpoint", entry: "packages/token/src/endpoint.ts" },
  { module: "@exlivekit/token/node", entry: "packages/token/src/node.ts" },
  { module: "@exlivekit/server-sdk", entry: "packages/server-sdk/src/index.ts" },
  { module: "@exlivekit/server-sdk/json", entry: "packages/server-sdk/src/json-format.ts" },
  { module: "@exlivekit/server-sdk/reflect", entry: "packages/server-sdk/src/reflect-entry.ts" },
  { module: "@exlivekit/server-sdk/transport", entry: "packages/server-sdk/src/transport-entry.ts" },
  { module: "@exlivekit/transport-undici", entry: "packages/transport-undici/src/index.ts" },
  { module: "@exlivekit/transport-fetch", entry: "packages/transport-fetch/src/index.ts" },
  { module: "@exlivekit/webhook", entry: "packages/webhook/src/index.ts" },
  { module: "@exlivekit/webhook/node", entry: "packages/webhook/src/node.ts" },
];

/** Package names whose symbols must carry a doc comment. */
export const PUBLISHED_PACKAGES = [
  ...new Set(PUBLISHED_ENTRIES.map((e) => e.module.split("/").slice(0, 2).join("/"))),
];
