// `@exlivekit/server-sdk/reflect`: helpers over protobuf-es schemas and descriptors, for your own protos
// and for plain JSON of any message. They need the protobuf-es runtime, which the root entry no longer
// loads (the services use the descriptor-free codecs).
export { defineRpc } from "./define-rpc.ts";
export { toPlainJson } from "./json.ts";
