import {
  create,
  type DescEnum,
  type DescField,
  type DescMessage,
  type Message,
  ScalarType,
} from "@bufbuild/protobuf";

/**
 * A reader of protobuf JSON for the plain shapes LiveKit's server writes: each field under its JSON name,
 * strings, booleans, in-range numbers, 64-bit integers as decimal strings, enums by name, nested messages,
 * lists, and string-to-string maps. It builds the message with protobuf-es's own `create` and skips keys it
 * does not know, as `fromJson` with `ignoreUnknownFields` does.
 *
 * Anything else (null, a proto field name, a 64-bit integer as a JSON number or a 32-bit one as a string,
 * bytes, oneofs, well-known types, an enum by number or by an unknown name, ...) makes it give up and
 * return undefined: the caller then runs protobuf-es's `fromJson`, which decides every such case. So for
 * any input it answers either exactly what `fromJson` answers or nothing. It exists for speed: a typical
 * event reads in about two thirds of fromJson's time, mostly spent in `create`.
 */
export function fastJsonReader<T extends Message>(schema: DescMessage): (json: unknown) => T | undefined {
  const read = messageReader(schema);
  return (json) => {
    try {
      return read(json) as T;
    } catch {
      return undefined; // unusual input, or too deeply nested for the stack: fromJson decides
    }
  };
}

type Reader = (json: unknown) => unknown;
type FieldReader = (message: Record<string, unknown>, json: unknown) => void;

const readers = new WeakMap<DescMessage, Reader>();

/** Thrown to leave an input to fromJson; one instance, so giving up costs no stack trace. */
const NOT_PLAIN = new Error("not a plain protobuf JSON shape");

function giveUp(): never {
  throw NOT_PLAIN;
}

function messageReader(desc: DescMessage): Reader {
  const known = readers.get(desc);
  if (known !== undefined) return known;
  // Well-known types have JSON forms of their own.
  if (desc.typeName.startsWith("google.protobuf.")) return giveUp;
  const fields = new Map<string, FieldReader>();
  const read: Reader = (json) => {
    if (!isPlainObject(json)) giveUp();
    const message = create(desc) as unknown as Record<string, unknown>;
    for (const key of Object.keys(json)) {
      // Unknown keys are skipped, like fromJson with ignoreUnknownFields.
      fields.get(key)?.(message, json[key]);
    }
    return message;
  };
  // Registered before the fields compile, so recursive message types find it.
  readers.set(desc, read);
  for (const field of desc.fields) {
    fields.set(field.jsonName, fieldReader(field));
    // A proto name may stand for the field too; fromJson checks it is not given twice.
    if (field.name !== field.jsonName) fields.set(field.name, giveUp);
  }
  return read;
}

function fieldReader(field: DescField): FieldReader {
  if (field.oneof !== undefined) return giveUp;
  const name = field.localName;
  let value: Reader;
  switch (field.fieldKind) {
    case "scalar":
      value = scalarReader(field.scalar, field.longAsString);
      break;
    case "enum":
      value = enumReader(field.enum);
      break;
    case "message":
      value = messageReader(field.message);
      break;
    case "list": {
      const item =
        field.listKind === "message"
          ? messageReader(field.message)
          : field.listKind === "enum"
            ? enumReader(field.enum)
            : scalarReader(field.scalar, field.longAsString);
      value = (json) => (Array.isArray(json) ? json.map((entry) => item(entry)) : giveUp());
      break;
    }
    case "map":
      if (field.mapKey !== ScalarType.STRING || field.mapKind !== "scalar") return giveUp;
      if (field.scalar !== ScalarType.STRING) return giveUp;
      value = stringMap;
      break;
  }
  return (message, json) => {
    message[name] = value(json);
  };
}

function scalarReader(scalar: ScalarType, longAsString: boolean): Reader {
  switch (scalar) {
    case ScalarType.STRING:
      return (json) => (typeof json === "string" ? json : giveUp());
    case ScalarType.BOOL:
      return (json) => (typeof json === "boolean" ? json : giveUp());
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return (json) => (typeof json === "number" && (json | 0) === json ? json : giveUp());
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return (json) => (typeof json === "number" && json >>> 0 === json ? json : giveUp());
    case ScalarType.DOUBLE:
      return (json) => (typeof json === "number" && Number.isFinite(json) ? json : giveUp());
    case ScalarType.FLOAT:
      // Kept as the double it is, as fromJson does; only values beyond float32's range are refused there.
      return (json) => (typeof json === "number" && Number.isFinite(Math.fround(json)) ? json : giveUp());
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      // Up to 18 digits is always within int64; longer strings and numbers are fromJson's to judge.
      return int64Reader(/^-?[0-9]{1,18}$/, longAsString);
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return int64Reader(/^[0-9]{1,19}$/, longAsString);
    default:
      return giveUp; // bytes
  }
}

function int64Reader(digits: RegExp, longAsString: boolean): Reader {
  return (json) => {
    if (typeof json !== "string" || !digits.test(json)) giveUp();
    return longAsString ? json : BigInt(json);
  };
}

function enumReader(desc: DescEnum): Reader {
  // By Protobuf name only: LiveKit's enums have no custom JSON names, and numbers are fromJson's to judge.
  const numbers = new Map(desc.values.map((value) => [value.name, value.number]));
  return (json) => (typeof json === "string" ? (numbers.get(json) ?? giveUp()) : giveUp());
}

function stringMap(json: unknown): Record<string, string> {
  if (!isPlainObject(json)) giveUp();
  for (const key of Object.keys(json)) if (typeof json[key] !== "string") giveUp();
  return { ...(json as Record<string, string>) };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
