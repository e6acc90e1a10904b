// Names and imports shared by the emitters: which file a codec lives in and what it is called.

/** `livekit_room.proto` -> `livekit_room_wire.ts` (binary) or `livekit_room_json.ts` (JSON); `wkt` too. */
export function wireFileOf(protoName, format = "binary") {
  return `${protoName.replace(/\.proto$/, "")}_${format === "binary" ? "wire" : "json"}.ts`;
}

const JSON_KINDS = new Set(["readJson", "writeJson", "enumNumber", "enumName"]);

function isWellKnown(desc) {
  return desc.typeName.startsWith("google.protobuf.");
}

/** Every message of a file, nested ones included, map entries excluded. */
export function allMessages(file) {
  const out = [];
  const visit = (message) => {
    if (message.proto.options?.mapEntry) return;
    out.push(message);
    for (const nested of message.nestedMessages) visit(nested);
  };
  for (const message of file.messages) visit(message);
  return out;
}

/** Every enum of a file, nested ones included. */
export function allEnums(file) {
  const out = [...file.enums];
  for (const message of allMessages(file)) out.push(...message.nestedEnums);
  return out;
}

/** protobuf-es's local name of a type: nested names joined by `_` (`DataPacket_Kind`). */
export function baseName(desc) {
  const pkg = desc.file.proto.package;
  const local = pkg ? desc.typeName.slice(pkg.length + 1) : desc.typeName;
  return local.replace(/\./g, "_");
}

const KINDS = {
  create: (n) => `create${n}`,
  encode: (n) => `encode${n}`,
  decode: (n) => `decode${n}`,
  readJson: (n) => `read${n}Json`,
  writeJson: (n) => `write${n}Json`,
  enumNumber: (n) => `${n}FromJsonName`,
  enumName: (n) => `${n}JsonName`,
};

/**
 * What the emitters of one output file import through: shapes (type-only, from protoc-gen-es's
 * files), codec functions (local, or from the file that owns the type), and the runtime helpers.
 */
export function codecScope(f, ownFile, format) {
  const sameFile = (desc) => (ownFile === "wkt" ? isWellKnown(desc) : desc.file.name === ownFile);
  return {
    shape: (desc) => f.importShape(desc),
    fn(kind, desc) {
      const name = KINDS[kind](baseName(desc));
      const kindFormat = JSON_KINDS.has(kind) ? "json" : "binary";
      if (sameFile(desc) && kindFormat === format) return name;
      const from = wireFileOf(isWellKnown(desc) ? "wkt" : desc.file.name, kindFormat);
      return f.import(name, `./${from.replace(/\.ts$/, ".js")}`);
    },
    rt: (name) => f.import(name, "../wire-runtime.js"),
    type: (name, from) => f.import(name, from, true),
  };
}
