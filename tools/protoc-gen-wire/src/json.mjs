// readXJson and writeXJson of one message, and the name tables of one enum: the protobuf JSON format as
// protobuf-es's fromJson (with ignoreUnknownFields) and toJson (default options) handle it.
import { ScalarType } from "@bufbuild/protobuf";
import { baseName } from "./names.mjs";
import { is64, isUnsigned, zero } from "./scalars.mjs";

const IMPLICIT = 2;

/** protobuf's JSON name of a field: its name in lowerCamelCase. */
function protoCamelCase(name) {
  return name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
}

/** Well-known types whose JSON form is not an object of their fields. */
const SPECIAL = {
  "google.protobuf.Timestamp": "Timestamp",
  "google.protobuf.Duration": "Duration",
  "google.protobuf.Any": "Any",
};

/** The runtime reader of a scalar: a function of the JSON value. */
function scalarReader(scalar) {
  switch (scalar) {
    case ScalarType.STRING:
      return "jsonString";
    case ScalarType.BOOL:
      return "jsonBool";
    case ScalarType.BYTES:
      return "jsonBytes";
    case ScalarType.DOUBLE:
      return "jsonDouble";
    case ScalarType.FLOAT:
      return "jsonFloat";
    default:
      if (is64(scalar)) return isUnsigned(scalar) ? "jsonUint64" : "jsonInt64";
      return isUnsigned(scalar) ? "jsonUint32" : "jsonInt32";
  }
}

/** The runtime writer of a scalar, or undefined when the value is its own JSON. */
function scalarWriter(scalar) {
  switch (scalar) {
    case ScalarType.BYTES:
      return "base64Encode";
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return "jsonNumber";
    default:
      return is64(scalar) ? "String" : undefined;
  }
}

/** [parts] reading `json` as a value of the field's element type (list item, map value, singular). */
function valueRead(field, scope, json, into = "") {
  if (field.message !== undefined) {
    return [scope.fn("readJson", field.message), `(${json}, depth + 1${into})`];
  }
  if (field.enum !== undefined) return [scope.fn("enumNumber", field.enum), `(${json})`];
  const read = [scope.rt(scalarReader(field.scalar)), `(${json})`];
  return field.longAsString && field.fieldKind !== "map" && is64(field.scalar)
    ? ["String(", ...read, ")"]
    : read;
}

function valueWrite(field, scope, v) {
  if (field.message !== undefined) return [scope.fn("writeJson", field.message), `(${v})`];
  if (field.enum !== undefined) return [scope.fn("enumName", field.enum), `(${v})`];
  const writer = scalarWriter(field.scalar);
  if (writer === undefined) return [v];
  return [writer === "String" ? "String" : scope.rt(writer), `(${v})`];
}

function readCase(field, scope) {
  const name = field.localName;
  // The proto name is accepted too: jsonKey (in the message loop) turns it into the JSON name when that is
  // its lowerCamelCase, as for every LiveKit field; any other name gets a case of its own.
  const keys =
    field.jsonName === field.name || field.jsonName === protoCamelCase(field.name)
      ? [[`case ${JSON.stringify(field.jsonName)}:`]]
      : [[`case ${JSON.stringify(field.jsonName)}:`], [`case ${JSON.stringify(field.name)}:`]];
  const body = [];
  if (field.oneof !== undefined) {
    const o = `m.${field.oneof.localName}`;
    if (field.fieldKind === "message") {
      // null clears the member; a member given again merges into the value it already holds.
      body.push([
        `${o} = `,
        scope.rt("oneofMessage"),
        `(${o}, "${name}", v, depth, `,
        scope.fn("readJson", field.message),
        ", ",
        scope.fn("create", field.message),
        ");",
      ]);
    } else if (field.fieldKind === "enum") {
      body.push([`if (v === null) { if (${o}.case === "${name}") ${o} = { case: undefined }; } else {`]);
      body.push(["  const e = ", ...valueRead(field, scope, "v"), ";"]);
      body.push([`  if (e !== undefined) ${o} = { case: "${name}", value: e };`]);
      body.push(["}"]);
    } else {
      // A null scalar member is skipped before the oneof counts it, as by fromJson.
      body.push(["if (v !== null) {"]);
      body.push(["  ", scope.rt("oneofOnce"), `(seen, "${field.oneof.name}");`]);
      body.push([`  ${o} = { case: "${name}", value: `, ...valueRead(field, scope, "v"), " };"]);
      body.push(["}"]);
      return [...keys, ...indentAll(null, body)];
    }
    return [...keys, ...indentAll(["", scope.rt("oneofOnce"), `(seen, "${field.oneof.name}");`], body)];
  }
  const v = `m.${name}`;
  switch (field.fieldKind) {
    case "message":
      body.push([`if (v === null) delete ${v};`]);
      body.push([
        `else ${v} = `,
        scope.fn("readJson", field.message),
        `(v, depth + 1, ${v} ?? `,
        scope.fn("create", field.message),
        "());",
      ]);
      break;
    case "enum": {
      if (field.presence === IMPLICIT) {
        // An unknown name leaves the field as it was, as fromJson with ignoreUnknownFields does.
        body.push([
          `${v} = v === null ? ${field.enum.values[0].number} : `,
          ...valueRead(field, scope, "v"),
          ` ?? ${v};`,
        ]);
        break;
      }
      const reset = `delete ${v}`;
      body.push([`if (v === null) ${reset};`]);
      body.push(["else {"]);
      body.push(["  const e = ", ...valueRead(field, scope, "v"), ";"]);
      body.push([`  if (e !== undefined) ${v} = e;`]);
      body.push(["}"]);
      break;
    }
    case "scalar": {
      const reset =
        field.presence === IMPLICIT ? `${v} = ${zero(field.scalar, field.longAsString)}` : `delete ${v}`;
      if (field.presence === IMPLICIT) {
        // null is the zero value: the runtime's "...Field" readers say so, keeping each case one short call.
        if (field.longAsString && is64(field.scalar)) {
          body.push([`${v} = v === null ? "0" : `, ...valueRead(field, scope, "v"), ";"]);
        } else {
          body.push([`${v} = `, scope.rt(`${scalarReader(field.scalar)}Field`), "(v);"]);
        }
      } else {
        body.push([`if (v === null) ${reset};`]);
        body.push([`else ${v} = `, ...valueRead(field, scope, "v"), ";"]);
      }
      break;
    }
    case "list":
      body.push(["if (v !== null) {"]);
      body.push(["  for (const item of ", scope.rt("jsonArray"), "(v)) {"]);
      if (field.listKind === "enum") {
        body.push(["    const e = ", ...valueRead(field, scope, "item"), ";"]);
        body.push([`    if (e !== undefined) ${v}.push(e);`]);
      } else {
        body.push([`    ${v}.push(`, ...valueRead(field, scope, "item"), ");"]);
      }
      body.push(["  }"]);
      body.push(["}"]);
      break;
    case "map": {
      const keyKind =
        field.mapKey === ScalarType.STRING
          ? "string"
          : field.mapKey === ScalarType.BOOL
            ? "bool"
            : is64(field.mapKey)
              ? isUnsigned(field.mapKey)
                ? "uint64"
                : "int64"
              : isUnsigned(field.mapKey)
                ? "uint32"
                : "int32";
      body.push(["if (v !== null) {"]);
      body.push(["  const map = ", scope.rt("jsonObject"), "(v);"]);
      body.push(["  const keys = ", scope.rt("mapKeys"), `(map, "${keyKind}");`]);
      body.push(["  for (let i = 0; i < keys.length; i += 2) {"]);
      body.push(["    const value = map[keys[i]!];"]);
      body.push(["    if (value === null) ", scope.rt("nullMapValue"), "();"]);
      if (field.mapKind === "enum") {
        body.push(["    const e = ", ...valueRead(field, scope, "value"), ";"]);
        body.push(["    if (e !== undefined) ", scope.rt("setOwn"), `(${v}, keys[i + 1]!, e);`]);
      } else {
        body.push([
          "    ",
          scope.rt("setOwn"),
          `(${v}, keys[i + 1]!, `,
          ...valueRead(field, scope, "value"),
          ");",
        ]);
      }
      body.push(["  }"]);
      body.push(["}"]);
      break;
    }
  }
  return [...keys, ...indentAll(null, body)];
}

function indentAll(first, body) {
  const lines = first === null ? body : [first, ...body];
  return [
    ...lines.map(([head, ...rest]) =>
      typeof head === "string" ? [`  ${head}`, ...rest] : ["  ", head, ...rest],
    ),
    ["  break;"],
  ];
}

function writeField(field, scope) {
  const key = JSON.stringify(field.jsonName);
  const name = field.localName;
  if (field.oneof !== undefined) {
    const o = `m.${field.oneof.localName}`;
    return [[`if (${o}?.case === "${name}") o[${key}] = `, ...valueWrite(field, scope, `${o}.value`), ";"]];
  }
  const v = `m.${name}`;
  switch (field.fieldKind) {
    case "message":
      return [[`if (${v} != null) o[${key}] = `, ...valueWrite(field, scope, v), ";"]];
    case "enum":
    case "scalar": {
      let isSet = `${v} != null`;
      if (field.presence === IMPLICIT) {
        if (field.fieldKind === "enum") isSet += ` && ${v} !== ${field.enum.values[0].number}`;
        else if (field.scalar === ScalarType.BYTES) isSet += ` && ${v}.length !== 0`;
        else if (is64(field.scalar)) isSet += ` && Number(${v}) !== 0`;
        else if (field.scalar === ScalarType.DOUBLE || field.scalar === ScalarType.FLOAT) {
          isSet += ` && !Object.is(${v}, 0)`;
        } else isSet += ` && ${v} !== ${zero(field.scalar, false)}`;
      }
      return [[`if (${isSet}) o[${key}] = `, ...valueWrite(field, scope, v), ";"]];
    }
    case "list":
      return [
        [
          `if (${v} != null && ${v}.length !== 0) o[${key}] = ${v}.map((x) => `,
          ...valueWrite(field, scope, "x"),
          ");",
        ],
      ];
    case "map":
      return [
        [`if (${v} != null) {`],
        ["  const entries = ", scope.rt("mapEntries"), `(${v});`],
        ["  if (entries.length !== 0) {"],
        ["    const map: ", scope.type("JsonObject", "@bufbuild/protobuf"), " = {};"],
        [
          "    for (const [k, x] of entries) ",
          scope.rt("setOwn"),
          "(map, k, ",
          ...valueWrite(field, scope, "x"),
          ");",
        ],
        [`    o[${key}] = map;`],
        ["  }"],
        ["}"],
      ];
  }
}

function specialFunctions(message, scope, special) {
  const n = baseName(message);
  const shape = scope.shape(message);
  const json = scope.type("JsonValue", "@bufbuild/protobuf");
  return [
    ["/** Reads a `", message.typeName, "` from its JSON form, as `fromJson` does. */"],
    [
      "export function read",
      n,
      "Json(json: unknown, depth = 1, m: ",
      shape,
      " = ",
      scope.fn("create", message),
      "()): ",
      shape,
      " {",
    ],
    ["  return ", scope.rt(`${special.toLowerCase()}FromJson`), "(json, depth, m);"],
    ["}"],
    [],
    ["/** Writes a `", message.typeName, "` in its JSON form, as `toJson` does. */"],
    ["export function write", n, "Json(m: ", shape, "): ", json, " {"],
    ["  return ", scope.rt(`${special.toLowerCase()}ToJson`), "(m);"],
    ["}"],
    [],
  ];
}

/** The lines of readXJson and writeXJson. */
export function jsonFunctions(message, scope) {
  const special = SPECIAL[message.typeName];
  if (special !== undefined) return specialFunctions(message, scope, special);
  const n = baseName(message);
  const shape = scope.shape(message);
  const jsonObject = scope.type("JsonObject", "@bufbuild/protobuf");
  const lines = [];
  lines.push([
    "/** Reads a `",
    message.typeName,
    "` from protobuf JSON, as `fromJson` with `ignoreUnknownFields`. */",
  ]);
  lines.push([
    "export function read",
    n,
    "Json(json: unknown, depth = 1, m: ",
    shape,
    " = ",
    scope.fn("create", message),
    "()): ",
    shape,
    " {",
  ]);
  lines.push(["  const o = ", scope.rt("jsonMessage"), "(json, depth, m);"]);
  if (message.fields.length > 0) {
    if (message.oneofs.length > 0) lines.push(["  const seen = new Set<string>();"]);
    lines.push(["  for (const key of Object.keys(o)) {"]);
    lines.push(["    const v = o[key];"]);
    lines.push(["    const k = ", scope.rt("jsonKey"), "(key);"]);
    // Errors name the field once, here, rather than every reader carrying its name.
    lines.push(["    try {"]);
    lines.push(["      switch (k) {"]);
    for (const field of message.fields) {
      for (const [head, ...rest] of readCase(field, scope)) {
        lines.push(typeof head === "string" ? [`        ${head}`, ...rest] : ["        ", head, ...rest]);
      }
    }
    lines.push(["        default:"]);
    lines.push(["          continue; // a key this version does not know: ignored"]);
    lines.push(["      }"]);
    // A field given under its proto name must not also be there under its JSON name.
    lines.push(["      if (k !== key) ", scope.rt("setTwice"), "(o, k);"]);
    lines.push(["    } catch (cause) {"]);
    lines.push(["      ", scope.rt("fieldError"), "(m, key, cause);"]);
    lines.push(["    }"]);
    lines.push(["  }"]);
  }
  lines.push(["  return m;"]);
  lines.push(["}"], []);
  lines.push([
    "/** Writes a `",
    message.typeName,
    "` as protobuf JSON, as `toJson` with default options. */",
  ]);
  lines.push(["export function write", n, "Json(m: ", shape, "): ", jsonObject, " {"]);
  lines.push(["  const o: ", jsonObject, " = {};"]);
  for (const field of message.fields) {
    for (const [head, ...rest] of writeField(field, scope)) {
      lines.push(typeof head === "string" ? [`  ${head}`, ...rest] : ["  ", head, ...rest]);
    }
  }
  lines.push(["  return o;"]);
  lines.push(["}"], []);
  return lines;
}

/** The JSON name tables of one enum: name -> number (unknown names give undefined) and back. */
export function enumFunctions(enumDesc, scope) {
  const n = baseName(enumDesc);
  const lines = [];
  lines.push([
    "/** The number of a `",
    enumDesc.typeName,
    "` JSON value; undefined for a name this version does not know. */",
  ]);
  lines.push(["export function ", n, "FromJsonName(json: unknown): number | undefined {"]);
  lines.push(["  switch (json) {"]);
  for (const value of enumDesc.values)
    lines.push([`    case "${value.name}":`], [`      return ${value.number};`]);
  lines.push(["  }"]);
  lines.push(["  return ", scope.rt("enumNumber"), "(json);"]);
  lines.push(["}"], []);
  lines.push(["/** The JSON value of a `", enumDesc.typeName, "`: its name, or the number when unknown. */"]);
  lines.push(["export function ", n, "JsonName(value: number): string | number {"]);
  lines.push(["  switch (value) {"]);
  const seen = new Set();
  for (const value of enumDesc.values) {
    if (seen.has(value.number)) continue; // an alias: the first name is the JSON name
    seen.add(value.number);
    lines.push([`    case ${value.number}:`], [`      return "${value.name}";`]);
  }
  lines.push(["  }"]);
  lines.push(["  return value;"]);
  lines.push(["}"], []);
  return lines;
}
