import type { DescMessage, DescMethodUnary } from "@bufbuild/protobuf";
import { create, fromBinary, fromJson, toBinary, toJson } from "@bufbuild/protobuf";
import type { Rpc } from "./twirp-caller.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Prepares a protobuf-es method descriptor (`RoomService.method.listRooms`) for `callRpc`, with codecs
 * read from the descriptor at run time: for methods of your own protos. The SDK's services use the
 * generated tables (`wireRpc`) instead, which carry no descriptor. `readOnly` defaults to true for
 * `List*` and `Get*` methods.
 */
export function defineRpc<I extends DescMessage, O extends DescMessage>(
  method: DescMethodUnary<I, O>,
  options: { readOnly?: boolean } = {},
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
    readOnly: options.readOnly ?? /^(List|Get)[A-Z]/.test(method.name),
    encode: (message) => toBinary(input, create(input, message)),
    decode: (body) => fromBinary(output, body),
    json: {
      encode: (message) => encoder.encode(JSON.stringify(toJson(input, create(input, message as never)))),
      decode: (body) => fromJson(output, JSON.parse(decoder.decode(body)), { ignoreUnknownFields: true }),
    },
  };
}
