// The generated codecs (src/gen/*_wire.ts) against protobuf-es itself, on every LiveKit message: random
// messages (fast-check) and fixed edge cases, binary both ways, unknown fields, merging, JSON both ways.
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  create,
  type DescField,
  type DescFile,
  type DescMessage,
  fromBinary,
  fromJson,
  type JsonValue,
  type Message,
  ScalarType,
  toBinary,
  toJson,
} from "@bufbuild/protobuf";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BinaryReader } from "../src/binary-reader.ts";
import type { BinaryWriter } from "../src/binary-writer.ts";
import * as protocol from "../src/index.ts";
import * as runtime from "../src/wire-runtime.ts";

const genDir = fileURLToPath(new URL("../src/gen/", import.meta.url));
const wireFiles = readdirSync(genDir, { recursive: true, encoding: "utf8" }).filter((f) =>
  /_(wire|json)\.ts$/.test(f),
);
// Each file's codecs by file (every generated file, so the import is dynamic on purpose): messages of different packages may share a local name (livekit.ServerInfo,
// livekit.agent.ServerInfo).
const modules = new Map<string, Record<string, unknown>>(
  await Promise.all(
    wireFiles.map(
      async (f) => [f, await import(/* @vite-ignore */ `../src/gen/${f.replace(/\.ts$/, ".js")}`)] as const,
    ),
  ),
);

interface Codec {
  create: () => Message;
  encode: (m: Message, w: BinaryWriter) => void;
  decode: (r: BinaryReader, end: number, depth: number) => Message;
  readJson: (json: unknown) => Message;
  writeJson: (m: Message) => JsonValue;
}

function baseName(desc: DescMessage): string {
  const pkg = desc.file.proto.package;
  return desc.typeName.slice(pkg.length + 1).replace(/\./g, "_");
}

function codecOf(desc: DescMessage): Codec {
  const n = baseName(desc);
  const stem = desc.typeName.startsWith("google.protobuf.") ? "wkt" : desc.file.name;
  const pick = (name: string) => {
    const json = /Json$/.test(name);
    const fn = modules.get(`${stem}_${json ? "json" : "wire"}.ts`)?.[name];
    if (typeof fn !== "function") throw new Error(`no generated ${name} for ${desc.typeName}`);
    return fn as never;
  };
  return {
    create: pick(`create${n}`),
    encode: pick(`encode${n}`),
    decode: pick(`decode${n}`),
    readJson: pick(`read${n}Json`),
    writeJson: pick(`write${n}Json`),
  };
}

function messagesOf(file: DescFile): DescMessage[] {
  const out: DescMessage[] = [];
  const visit = (m: DescMessage) => {
    out.push(m);
    for (const nested of m.nestedMessages) visit(nested);
  };
  for (const m of file.messages) visit(m);
  return out;
}

const files = Object.values(protocol).filter(
  (value): value is DescFile =>
    typeof value === "object" && value !== null && (value as DescFile).kind === "file",
);
const messages = files.flatMap(messagesOf);

// ---- random messages of any descriptor ----

function scalarArb(scalar: ScalarType): fc.Arbitrary<unknown> {
  switch (scalar) {
    case ScalarType.STRING:
      return fc.oneof(fc.string({ maxLength: 8 }), fc.string({ unit: "grapheme", maxLength: 4 }));
    case ScalarType.BOOL:
      return fc.boolean();
    case ScalarType.BYTES:
      return fc.uint8Array({ maxLength: 6 });
    case ScalarType.DOUBLE:
      return fc.double();
    case ScalarType.FLOAT:
      return fc.float();
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return fc.integer();
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return fc.integer({ min: 0, max: 2 ** 32 - 1 });
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
    default:
      return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
  }
}

function mapKeyArb(scalar: ScalarType): fc.Arbitrary<string> {
  if (scalar === ScalarType.STRING) return fc.string({ maxLength: 6 });
  if (scalar === ScalarType.BOOL) return fc.constantFrom("true", "false");
  return scalarArb(scalar).map(String);
}

function timestampArb(): fc.Arbitrary<unknown> {
  return fc.record({
    seconds: fc.bigInt({ min: -62135596800n, max: 253402300799n }),
    nanos: fc.integer({ min: 0, max: 999_999_999 }),
  });
}

function enumArb(field: DescField): fc.Arbitrary<number> {
  const values = field.enum!.values.map((v) => v.number);
  return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...values) }, fc.integer({ min: -5, max: 1000 }));
}

function valueArb(field: DescField, depth: number): fc.Arbitrary<unknown> | undefined {
  if (field.message !== undefined) return messageArb(field.message, depth + 1);
  if (field.enum !== undefined) return enumArb(field);
  return scalarArb(field.scalar!);
}

function messageArb(desc: DescMessage, depth: number): fc.Arbitrary<unknown> | undefined {
  if (depth > 3) return undefined;
  if (desc.typeName === "google.protobuf.Timestamp") return timestampArb();
  const parts: Record<string, fc.Arbitrary<unknown>> = {};
  for (const member of desc.members) {
    if (member.kind === "oneof") {
      const cases = member.fields.flatMap((f) => {
        const arb = valueArb(f, depth);
        return arb === undefined ? [] : [arb.map((value) => ({ case: f.localName, value }))];
      });
      parts[member.localName] = fc.oneof(fc.constant({ case: undefined }), ...cases);
      continue;
    }
    const field = member;
    let arb: fc.Arbitrary<unknown> | undefined;
    switch (field.fieldKind) {
      case "list": {
        const item = valueArb(field, depth);
        arb = item && fc.array(item, { maxLength: 3 });
        break;
      }
      case "map": {
        const value = valueArb(field, depth);
        arb = value && fc.dictionary(mapKeyArb(field.mapKey), value, { maxKeys: 3 });
        break;
      }
      default:
        arb = valueArb(field, depth);
    }
    if (arb !== undefined) parts[field.localName] = arb;
  }
  return fc.record(parts, { requiredKeys: [] }).map((init) => create(desc, init as never));
}

// ---- the comparisons ----

function ourBinary(codec: Codec, message: Message): Uint8Array {
  return runtime.toBinary(codec.encode, message);
}

function ourDecode(codec: Codec, bytes: Uint8Array): Message {
  return runtime.fromBinary(codec.decode, bytes);
}

/** Either both throw, or both answer the same. */
function sameOutcome(ours: () => unknown, theirs: () => unknown): void {
  let expected: unknown;
  try {
    expected = theirs();
  } catch {
    expect(ours).toThrow();
    return;
  }
  expect(ours()).toStrictEqual(expected);
}

// A field number no LiveKit message uses, with every wire type.
const UNKNOWN_TAIL = new Uint8Array([
  0xf8, 0x3e, 0x96, 0x01, 0xfa, 0x3e, 0x02, 0x68, 0x69, 0xf9, 0x3e, 1, 2, 3, 4, 5, 6, 7, 8, 0xfd, 0x3e, 9, 9,
  9, 9,
]);

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function checkMessage(desc: DescMessage, codec: Codec, message: Message, other: Message): void {
  const bytes = toBinary(desc, message);
  expect(ourBinary(codec, message)).toStrictEqual(bytes);
  expect(ourDecode(codec, bytes)).toStrictEqual(fromBinary(desc, bytes));
  // Unknown fields are kept and written back.
  const withUnknown = concat(bytes, UNKNOWN_TAIL);
  const decoded = ourDecode(codec, withUnknown);
  expect(decoded).toStrictEqual(fromBinary(desc, withUnknown));
  expect(ourBinary(codec, decoded)).toStrictEqual(toBinary(desc, fromBinary(desc, withUnknown)));
  // Two encodings one after the other merge: singular messages merge, lists append, the last scalar wins.
  const merged = concat(bytes, toBinary(desc, other));
  expect(ourDecode(codec, merged)).toStrictEqual(fromBinary(desc, merged));
  // JSON both ways.
  sameOutcome(
    () => codec.writeJson(message),
    () => toJson(desc, message),
  );
  let json: JsonValue;
  try {
    json = toJson(desc, message);
  } catch {
    return;
  }
  const viaText = JSON.parse(JSON.stringify(json));
  sameOutcome(
    () => codec.readJson(viaText),
    () => fromJson(desc, viaText, { ignoreUnknownFields: true }),
  );
}

describe("generated codecs equal protobuf-es", () => {
  it("cover every message", () => {
    expect(messages.length).toBeGreaterThan(250);
    for (const desc of messages) expect(() => codecOf(desc)).not.toThrow();
  });

  it.each(messages.map((desc) => [desc.typeName, desc] as const))("%s", (_name, desc) => {
    const codec = codecOf(desc);
    expect(codec.create()).toStrictEqual(create(desc));
    checkMessage(desc, codec, create(desc), create(desc));
    const arb = messageArb(desc, 0)!;
    fc.assert(
      fc.property(arb, arb, (message, other) => {
        checkMessage(desc, codec, message as Message, other as Message);
      }),
      { numRuns: 15 },
    );
  });
});

describe("JSON reads equal fromJson on the forms toJson does not write", () => {
  const fixtures: [string, unknown][] = [
    ["livekit.Room", { sid: "RM_1", num_participants: 3, creation_time: 1700000000, enabledCodecs: null }],
    ["livekit.Room", { creationTime: "-12", maxParticipants: "7", unknownKey: { deep: [1] } }],
    ["livekit.ParticipantInfo", { state: 2, kind: "AGENT", permission: null, attributes: { a: "b" } }],
    ["livekit.ParticipantInfo", { state: "NOT_A_STATE", kindDetails: ["FORWARDED", "NOPE", 1] }],
    ["livekit.SendDataRequest", { data: "aGk_", nonce: "aGk=", topic: null }],
    ["livekit.WebhookEvent", { event: "room_started", room: { name: "r" }, createdAt: 17, id: "EV_1" }],
    ["livekit.TrackInfo", { layers: [{ quality: "HIGH", width: 4 }], audioFeatures: [1, "TF_STEREO"] }],
    ["livekit.EncodingOptions", { keyFrameInterval: "Infinity", framerate: "NaN" }],
    ["livekit.Room", { sid: 1 }],
    ["livekit.Room", { numParticipants: 1.5 }],
    ["livekit.Room", { enabledCodecs: [null] }],
    ["livekit.Room", []],
  ];
  const byName = new Map(messages.map((desc) => [desc.typeName, desc]));
  it.each(fixtures.map(([name, json], i) => [`${i}: ${name}`, name, json] as const))(
    "%s",
    (_label, name, json) => {
      const desc = byName.get(name)!;
      sameOutcome(
        () => codecOf(desc).readJson(json),
        () => fromJson(desc, json as JsonValue, { ignoreUnknownFields: true }),
      );
    },
  );
});
