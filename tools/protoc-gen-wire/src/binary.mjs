// createX, encodeX and decodeX of one message: the binary format as protobuf-es's create, toBinary and
// fromBinary handle it, written out per field instead of interpreted from a descriptor.
import { ScalarType } from "@bufbuild/protobuf";
import { baseName } from "./names.mjs";
import { is64, method, tsType, WIRE_DELIMITED, WIRE_VARINT, wireType, zero } from "./scalars.mjs";

const IMPLICIT = 2; // FeatureSet.FieldPresence.IMPLICIT

/**
 * What the emitters implement: proto3 open enums, length-delimited messages, and well-known types whose
 * local shape is a message. google.protobuf.Struct/Value/ListValue (local shape: plain JSON), FieldMask,
 * the wrappers (unwrapped to scalars), groups and closed enums are not, nor is any message that reaches one:
 * those get no codec (the SDK calls them through protobuf-es), rather than a guessed one.
 */
const verdicts = new Map();

export function isSupported(message) {
  const known = verdicts.get(message.typeName);
  if (known !== undefined) return known;
  verdicts.set(message.typeName, true); // a cycle back to this message does not decide it
  const custom = ["Struct", "Value", "ListValue", "FieldMask"].map((n) => `google.protobuf.${n}`);
  const ok = message.fields.every((field) => {
    if (field.delimitedEncoding) return false;
    if (field.enum !== undefined && !field.enum.open) return false;
    const target = field.message;
    if (target === undefined) return true;
    const name = target.typeName;
    if (custom.includes(name) || (name.startsWith("google.protobuf.") && name.endsWith("Value")))
      return false;
    return isSupported(target);
  });
  verdicts.set(message.typeName, ok);
  return ok;
}

function readScalar(field, scalar, longAsString) {
  if (scalar === ScalarType.STRING) return field.utf8Validation ? "r.string()" : "r.string(false)";
  const read = `r.${method(scalar)}()`;
  if (!is64(scalar)) return read;
  return longAsString ? `String(${read})` : `(${read} as bigint)`;
}

const tag = (number, wire) => (number << 3) | wire;

function createBody(message, scope) {
  const props = [`$typeName: "${message.typeName}"`];
  for (const member of message.members) {
    if (member.kind === "oneof") {
      props.push(`${member.localName}: { case: undefined }`);
      continue;
    }
    switch (member.fieldKind) {
      case "list":
        props.push(`${member.localName}: []`);
        break;
      case "map":
        props.push(`${member.localName}: {}`);
        break;
      case "scalar":
        if (member.presence === IMPLICIT)
          props.push(`${member.localName}: ${zero(member.scalar, member.longAsString)}`);
        break;
      case "enum":
        if (member.presence === IMPLICIT) props.push(`${member.localName}: ${member.enum.values[0].number}`);
        break;
      // Singular message fields are absent from a zero message.
    }
  }
  return [[`  return { ${props.join(", ")} } as `, scope.shape(message), ";"]];
}

/** Lines that write one value `v` of a field with its tag. */
function writeValue(field, scope, v, number) {
  if (field.fieldKind === "message" || field.listKind === "message") {
    return [
      [`w.uint32(${tag(number, WIRE_DELIMITED)}).fork();`],
      [scope.fn("encode", field.message), `(${v}, w);`],
      ["w.join();"],
    ];
  }
  const scalar = field.enum !== undefined ? ScalarType.INT32 : field.scalar;
  return [[`w.uint32(${tag(number, wireType(scalar))}).${method(scalar)}(${v});`]];
}

function indent(lines, depth) {
  const pad = "  ".repeat(depth);
  return lines.map(([first, ...rest]) =>
    typeof first === "string" ? [pad + first, ...rest] : [pad, first, ...rest],
  );
}

/** The runtime writer of a singular implicit-presence scalar: `putString`, `putUint32`, ... */
function putName(scalar) {
  const m = method(scalar);
  return `put${m[0].toUpperCase()}${m.slice(1)}`;
}

function encodeField(field, scope) {
  const name = field.localName;
  const number = field.number;
  if (field.oneof !== undefined) {
    const o = `m.${field.oneof.localName}`;
    return [
      [`if (${o}?.case === "${name}") {`],
      ...indent(writeValue(field, scope, `${o}.value`, number), 1),
      ["}"],
    ];
  }
  const v = `m.${name}`;
  switch (field.fieldKind) {
    case "message":
      // The runtime helpers test presence and write the tag: one short call per field keeps bundles small.
      return [
        [
          scope.rt("putMessage"),
          `(w, ${tag(number, WIRE_DELIMITED)}, ${v}, `,
          scope.fn("encode", field.message),
          ");",
        ],
      ];
    case "scalar":
    case "enum": {
      if (field.presence === IMPLICIT) {
        const scalar = field.fieldKind === "enum" ? ScalarType.INT32 : field.scalar;
        return [[scope.rt(putName(scalar)), `(w, ${tag(number, wireType(scalar))}, ${v});`]];
      }
      return [[`if (${v} != null) {`], ...indent(writeValue(field, scope, v, number), 1), ["}"]];
    }
    case "list": {
      if (field.listKind === "message") {
        return [
          [
            scope.rt("putMessages"),
            `(w, ${tag(number, WIRE_DELIMITED)}, ${v}, `,
            scope.fn("encode", field.message),
            ");",
          ],
        ];
      }
      const scalar = field.listKind === "enum" ? ScalarType.INT32 : field.scalar;
      if (field.packed) {
        return [[scope.rt("putPacked"), `(w, ${tag(number, WIRE_DELIMITED)}, ${v}, "${method(scalar)}");`]];
      }
      return [[scope.rt("putRepeated"), `(w, ${tag(number, wireType(scalar))}, ${v}, "${method(scalar)}");`]];
    }
    case "map": {
      const keyScalar = field.mapKey;
      const key =
        keyScalar === ScalarType.STRING
          ? "k"
          : keyScalar === ScalarType.BOOL
            ? [scope.rt("boolMapKey"), "(k)"]
            : is64(keyScalar)
              ? [scope.rt("int64MapKey"), "(k)"]
              : [scope.rt("int32MapKey"), "(k)"];
      const valueField = { fieldKind: field.mapKind === "message" ? "message" : "scalar", ...pick(field) };
      // Object.entries reads the keys as the strings they are, whatever the declared key type.
      return [
        [`if (${v} != null) {`],
        ["  for (const [k, x] of ", scope.rt("mapEntries"), `(${v})) {`],
        [`    w.uint32(${tag(number, WIRE_DELIMITED)}).fork();`],
        [`    w.uint32(${tag(1, wireType(keyScalar))}).${method(keyScalar)}(`, ...[key].flat(), ");"],
        ...indent(writeValue(valueField, scope, "x", 2), 2),
        ["    w.join();"],
        ["  }"],
        ["}"],
      ];
    }
  }
}

function pick(field) {
  return { message: field.message, enum: field.enum, scalar: field.scalar };
}

function decodeCases(field, scope, typeName) {
  const name = field.localName;
  const number = field.number;
  const where = `${typeName}.${field.name}`;
  const nested = (target, into) => [scope.fn("decode", target), `(r, r.uint32() + r.pos, depth + 1${into})`];
  if (field.oneof !== undefined) {
    const o = `m.${field.oneof.localName}`;
    if (field.fieldKind === "message") {
      // A message member seen twice merges into the value it already holds.
      return [
        [`case ${tag(number, WIRE_DELIMITED)}: {`],
        [`  const o = ${o};`],
        [
          `  ${o} = { case: "${name}", value: `,
          scope.fn("decode", field.message),
          `(r, r.uint32() + r.pos, depth + 1, o.case === "${name}" ? o.value : `,
          scope.fn("create", field.message),
          "()) };",
        ],
        ["  break;"],
        ["}"],
      ];
    }
    const scalar = field.enum !== undefined ? ScalarType.INT32 : field.scalar;
    const value = field.enum !== undefined ? "r.int32()" : readScalar(field, scalar, field.longAsString);
    return [
      [`case ${tag(number, wireType(scalar))}:`],
      [`  ${o} = { case: "${name}", value: ${value} };`],
      ["  break;"],
    ];
  }
  const v = `m.${name}`;
  switch (field.fieldKind) {
    case "message":
      return [
        [`case ${tag(number, WIRE_DELIMITED)}:`],
        [
          `  ${v} = `,
          scope.fn("decode", field.message),
          `(r, r.uint32() + r.pos, depth + 1, ${v} ?? `,
          scope.fn("create", field.message),
          "());",
        ],
        ["  break;"],
      ];
    case "scalar":
    case "enum": {
      const scalar = field.enum !== undefined ? ScalarType.INT32 : field.scalar;
      const value = field.enum !== undefined ? "r.int32()" : readScalar(field, scalar, field.longAsString);
      return [[`case ${tag(number, wireType(scalar))}:`], [`  ${v} = ${value};`], ["  break;"]];
    }
    case "list": {
      if (field.listKind === "message") {
        return [
          [`case ${tag(number, WIRE_DELIMITED)}:`],
          [`  ${v}.push(`, ...nested(field.message, ""), ");"],
          ["  break;"],
        ];
      }
      const scalar = field.listKind === "enum" ? ScalarType.INT32 : field.scalar;
      const value = field.listKind === "enum" ? "r.int32()" : readScalar(field, scalar, field.longAsString);
      const single = [[`case ${tag(number, wireType(scalar))}:`], [`  ${v}.push(${value});`], ["  break;"]];
      if (wireType(scalar) === WIRE_DELIMITED) return single;
      // Packed or not, whatever the declaration says: parsers accept both.
      return [
        ...single,
        [`case ${tag(number, WIRE_DELIMITED)}: {`],
        ["  const e = r.uint32() + r.pos;"],
        [`  while (r.pos < e) ${v}.push(${value});`],
        ["  break;"],
        ["}"],
      ];
    }
    case "map": {
      const keyScalar = field.mapKey;
      const keyType = tsType(keyScalar, false);
      let valueType;
      let valueRead;
      let valueZero;
      let valueTag;
      if (field.mapKind === "message") {
        valueType = [scope.shape(field.message), " | undefined"];
        valueRead = [scope.fn("decode", field.message), "(r, r.uint32() + r.pos, depth + 1, v)"];
        valueZero = [scope.fn("create", field.message), "()"];
        valueTag = tag(2, WIRE_DELIMITED);
      } else if (field.mapKind === "enum") {
        valueType = ["number | undefined"];
        valueRead = ["r.int32()"];
        valueZero = [String(field.enum.values[0].number)];
        valueTag = tag(2, WIRE_VARINT);
      } else {
        valueType = [`${tsType(field.scalar, false)} | undefined`];
        valueRead = [readScalar(field, field.scalar, false)];
        valueZero = [zero(field.scalar, false)];
        valueTag = tag(2, wireType(field.scalar));
      }
      return [
        [`case ${tag(number, WIRE_DELIMITED)}: {`],
        ["  const e = r.uint32() + r.pos;"],
        [`  let k: ${keyType} = ${zero(keyScalar, false)};`],
        ["  let v: ", ...valueType, " = undefined;"],
        ["  while (r.pos < e) {"],
        ["    const t = r.uint32();"],
        [`    if (t === ${tag(1, wireType(keyScalar))}) k = ${readScalar(field, keyScalar, false)};`],
        [`    else if (t === ${valueTag}) v = `, ...valueRead, ";"],
        ["    else ", scope.rt("skipField"), `(r, t, depth, "${where}");`],
        ["  }"],
        ["  ", scope.rt("setOwn"), `(${v}, k, v ?? `, ...valueZero, ");"],
        ["  break;"],
        ["}"],
      ];
    }
  }
}

/** The lines of createX, encodeX and decodeX. */
export function binaryFunctions(message, scope) {
  const n = baseName(message);
  const shape = scope.shape(message);
  const writer = scope.type("BinaryWriter", "../binary-writer.js");
  const reader = scope.type("BinaryReader", "../binary-reader.js");
  const sorted = message.fields.concat().sort((a, b) => a.number - b.number);
  const lines = [];
  lines.push(["/** A zero `", message.typeName, "`, as `create()` makes it. */"]);
  lines.push(["export function create", n, "(): ", shape, " {"]);
  lines.push(...createBody(message, scope));
  lines.push(["}"], []);
  lines.push(["/** Writes a `", message.typeName, "` (or an init object of it) in the binary format. */"]);
  lines.push(["export function encode", n, "(m: ", shape, ", w: ", writer, "): void {"]);
  for (const field of sorted) lines.push(...indent(encodeField(field, scope), 1));
  lines.push(["  ", scope.rt("writeUnknown"), "(w, m);"]);
  lines.push(["}"], []);
  lines.push(["/** Reads a `", message.typeName, "` up to `end`, merging into `m`. */"]);
  lines.push([
    "export function decode",
    n,
    "(r: ",
    reader,
    ", end: number, depth: number, m: ",
    shape,
    " = create",
    n,
    "()): ",
    shape,
    " {",
  ]);
  lines.push(["  if (depth > ", scope.rt("MAX_DEPTH"), ") ", scope.rt("tooDeep"), "(m);"]);
  lines.push(["  while (r.pos < end) {"]);
  lines.push(["    const t = r.uint32();"]);
  lines.push(["    switch (t) {"]);
  for (const field of sorted) lines.push(...indent(decodeCases(field, scope, message.typeName), 3));
  lines.push(["      default:"]);
  lines.push(["        ", scope.rt("readUnknown"), "(r, t, depth, m);"]);
  lines.push(["    }"]);
  lines.push(["  }"]);
  lines.push(["  return m;"]);
  lines.push(["}"], []);
  return lines;
}
