import {
  create,
  type DescField,
  type DescMessage,
  fromJson,
  type JsonValue,
  ScalarType,
  toJson,
} from "@bufbuild/protobuf";
import { readWebhookEventJson } from "@exlivekit/protocol/json/webhook";
import { type WebhookEvent, WebhookEventSchema } from "@exlivekit/protocol/webhook";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

// The generated reader decodeEvent uses, held to protobuf-es's fromJson on random, damaged and odd events.
const read = (json: unknown) => readWebhookEventJson(json);
const reference = (json: JsonValue) => fromJson(WebhookEventSchema, json, { ignoreUnknownFields: true });

/** Either both throw, or both answer the same. */
function sameOutcome(json: JsonValue): void {
  let expected: WebhookEvent;
  try {
    expected = reference(json);
  } catch {
    expect(() => read(json), JSON.stringify(json)).toThrow();
    return;
  }
  expect(read(json)).toStrictEqual(expected);
}

type Random = () => number;

/** mulberry32: a seeded generator, so a failing fast-check seed replays the same message. */
function seeded(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

function randomScalar(random: Random, scalar: ScalarType, longAsString: boolean): unknown {
  const int = (bits: number) => Math.floor(random() * 2 ** bits);
  const long = (signed: boolean) => {
    const value = (BigInt(int(32)) << 32n) | BigInt(int(32));
    const local = signed ? BigInt.asIntN(64, value >> BigInt(int(6))) : value >> BigInt(int(6));
    return longAsString ? local.toString() : local;
  };
  switch (scalar) {
    case ScalarType.STRING:
      return pick(random, ["", "room-1", "Zoë 🎉", '"quoted"\n', "\u2028x", "PA_8kQw2"]);
    case ScalarType.BOOL:
      return random() < 0.5;
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return int(32) - 2 ** 31;
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return int(32);
    case ScalarType.DOUBLE:
      return pick(random, [0, 1.5, -2.25e-8, 1e300, random() * 1000]);
    case ScalarType.FLOAT:
      return Math.fround(pick(random, [0, 0.1, -3.5, 1e30, random()]));
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return long(true);
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return long(false);
    case ScalarType.BYTES:
      return Uint8Array.from({ length: int(3) }, () => int(8));
  }
}

function randomValue(random: Random, field: DescField, depth: number): unknown {
  switch (field.fieldKind) {
    case "scalar":
      return randomScalar(random, field.scalar, field.longAsString);
    case "enum":
      return pick(random, field.enum.values).number;
    case "message":
      return randomMessage(random, field.message, depth + 1);
    case "list": {
      const item = () =>
        field.listKind === "message"
          ? randomMessage(random, field.message, depth + 1)
          : field.listKind === "enum"
            ? pick(random, field.enum.values).number
            : randomScalar(random, field.scalar, field.longAsString);
      return Array.from({ length: Math.floor(random() * 3) }, item);
    }
    case "map": {
      if (field.mapKey !== ScalarType.STRING || field.mapKind !== "scalar") return undefined;
      const map: Record<string, unknown> = {};
      for (const key of ["a", "zé", "__proto__"].slice(0, Math.floor(random() * 4))) {
        map[key] = randomScalar(random, field.scalar, false);
      }
      return map;
    }
  }
}

/** A message of `desc` with a random subset of its fields set, nested up to three levels. */
function randomMessage(random: Random, desc: DescMessage, depth = 0): unknown {
  const init: Record<string, unknown> = {};
  if (depth > 3 || desc.typeName.startsWith("google.protobuf.")) return create(desc);
  for (const member of desc.members) {
    if (random() < 0.5) continue;
    if (member.kind === "oneof") {
      const field = pick(random, member.fields);
      const value = randomValue(random, field, depth);
      if (value !== undefined) init[member.localName] = { case: field.localName, value };
    } else {
      const value = randomValue(random, member, depth);
      if (value !== undefined) init[member.localName] = value;
    }
  }
  return create(desc, init);
}

/** Mutations towards what a newer or odder writer might send. */
function mutate(random: Random, json: Record<string, unknown>): void {
  const keys = Object.keys(json);
  if (keys.length === 0) return;
  const key = pick(random, keys);
  switch (Math.floor(random() * 6)) {
    case 0:
      json[key] = null;
      break;
    case 1:
      json["fieldFromANewerServer"] = { nested: [1, "x"] };
      break;
    case 2:
      json[key] = typeof json[key] === "string" ? 7 : String(json[key]);
      break;
    case 3:
      json[key] = "NOT_A_KNOWN_ENUM_NAME";
      break;
    case 4:
      json[key] = [json[key]];
      break;
    default: {
      const value = json[key];
      if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        mutate(random, value as Record<string, unknown>);
      }
    }
  }
}

describe("the generated WebhookEvent JSON reader", () => {
  it("reads any event protobuf-es writes exactly as fromJson does, in any of toJson's forms", () => {
    fc.assert(
      fc.property(fc.integer(), fc.boolean(), fc.boolean(), (seed, protoNames, enumNumbers) => {
        const random = seeded(seed);
        const message = randomMessage(random, WebhookEventSchema) as WebhookEvent;
        const json = toJson(WebhookEventSchema, message, {
          useProtoFieldName: protoNames && random() < 0.3,
          enumAsInteger: enumNumbers && random() < 0.3,
        });
        expect(read(json)).toStrictEqual(reference(json));
      }),
      { numRuns: 400 },
    );
  });

  it("answers as fromJson does on damaged or unusual JSON, errors included", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 4 }), (seed, mutations) => {
        const random = seeded(seed);
        const json = toJson(WebhookEventSchema, randomMessage(random, WebhookEventSchema) as WebhookEvent);
        for (let i = 0; i < mutations; i++) mutate(random, json as Record<string, unknown>);
        sameOutcome(json);
      }),
      { numRuns: 400 },
    );
  });

  it("reads nulls, proto field names, numbers for 64-bit integers and unknown enum names as fromJson does", () => {
    const base = { event: "participant_joined", createdAt: "1764079201", room: { name: "r" } };
    for (const odd of [
      base,
      { ...base, room: null },
      { ...base, created_at: "1" },
      { ...base, createdAt: 1764079201 },
      { ...base, participant: { state: "NOT_A_STATE" } },
      { ...base, participant: { state: 1 } },
      { ...base, participant: { joinedAt: "99999999999999999999" } },
      { ...base, room: { emptyTimeout: -1 } },
      { ...base, created_at: "1", createdAt: "2" },
    ]) {
      sameOutcome(odd);
    }
  });
});
