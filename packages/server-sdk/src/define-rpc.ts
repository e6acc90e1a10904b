import type { DescMessage, DescMethodUnary } from "@bufbuild/protobuf";
import { create, fromBinary, fromJson, toBinary, toJson } from "@bufbuild/protobuf";
import { RETRY_CLASSES, retryClassOf } from "./retry-classes.ts";
import type { Rpc, RpcOptions } from "./twirp-caller.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Prepares a protobuf-es method descriptor (`RoomService.method.listRooms`) for `callRpc`, with codecs
 * read from the descriptor at run time: for methods of your own protos. The SDK's services use the
 * generated tables (`serviceRpc`) instead, which carry no descriptor. Its retry class comes from the table in
 * retry-classes.ts; `serverWaitMs` tells how long the server itself may wait on a request.
 */
export function defineRpc<I extends DescMessage, O extends DescMessage>(
  method: DescMethodUnary<I, O>,
  options: RpcOptions<I> = {},
): Rpc<I, O> {
  const service = method.parent.typeName;
  const { input, output } = method;
  return {
    service,
    name: method.name,
    label: `${service}/${method.name}`,
    path: `/twirp/${service}/${method.name}`,
    inputName: input.typeName,
    outputName: output.typeName,
    retryClass: retryClassOf(RETRY_CLASSES[service], method.name),
    serverWaitMs: options.serverWaitMs,
    encode: (message) => toBinary(input, create(input, message)),
    decode: (body) => fromBinary(output, body),
    json: {
      encode: (message) => encoder.encode(JSON.stringify(toJson(input, create(input, message as never)))),
      decode: (body) => fromJson(output, JSON.parse(decoder.decode(body)), { ignoreUnknownFields: true }),
    },
  };
}
