import type { DescMessage, JsonValue, MessageShape } from "@bufbuild/protobuf";
import { toJson } from "@bufbuild/protobuf";

/**
 * Converts a protocol message into plain JSON-safe data (int64 as strings, enums as names, bytes as
 * base64), e.g. `JSON.stringify(toPlainJson(RoomSchema, room))`. Messages hold `bigint` fields, which
 * `JSON.stringify` rejects.
 */
export function toPlainJson<D extends DescMessage>(schema: D, message: MessageShape<D>): JsonValue {
  return toJson(schema, message);
}
