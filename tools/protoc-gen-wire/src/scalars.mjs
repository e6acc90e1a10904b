// Per scalar type: wire type, reader/writer method, zero value and the "is set" test of implicit presence.
import { ScalarType } from "@bufbuild/protobuf";

export const WIRE_VARINT = 0;
export const WIRE_BIT64 = 1;
export const WIRE_DELIMITED = 2;
export const WIRE_BIT32 = 5;

/** The BinaryReader/BinaryWriter method of a scalar: `int32`, `sfixed64`, `string`, ... */
export function method(scalar) {
  return ScalarType[scalar].toLowerCase();
}

export function wireType(scalar) {
  switch (scalar) {
    case ScalarType.STRING:
    case ScalarType.BYTES:
      return WIRE_DELIMITED;
    case ScalarType.DOUBLE:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return WIRE_BIT64;
    case ScalarType.FLOAT:
    case ScalarType.FIXED32:
    case ScalarType.SFIXED32:
      return WIRE_BIT32;
    default:
      return WIRE_VARINT;
  }
}

export function is64(scalar) {
  return [
    ScalarType.INT64,
    ScalarType.UINT64,
    ScalarType.SINT64,
    ScalarType.FIXED64,
    ScalarType.SFIXED64,
  ].includes(scalar);
}

export function isUnsigned(scalar) {
  return [ScalarType.UINT32, ScalarType.FIXED32, ScalarType.UINT64, ScalarType.FIXED64].includes(scalar);
}

/** The zero value as a TypeScript expression. */
export function zero(scalar, longAsString) {
  switch (scalar) {
    case ScalarType.STRING:
      return '""';
    case ScalarType.BOOL:
      return "false";
    case ScalarType.BYTES:
      return "new Uint8Array(0)";
    default:
      if (is64(scalar)) return longAsString ? '"0"' : "0n";
      return "0";
  }
}

/** The TypeScript type of a scalar's local value. */
export function tsType(scalar, longAsString) {
  switch (scalar) {
    case ScalarType.STRING:
      return "string";
    case ScalarType.BOOL:
      return "boolean";
    case ScalarType.BYTES:
      return "Uint8Array";
    default:
      if (is64(scalar)) return longAsString ? "string" : "bigint";
      return "number";
  }
}
