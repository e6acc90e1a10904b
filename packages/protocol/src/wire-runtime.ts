// The helpers protoc-gen-wire's generated codecs (`gen/*_wire.ts`) share: unknown fields, recursion
// depth, map keys, and the protobuf JSON forms of scalars and of the well-known types LiveKit uses.
// Everything here is a plain function, so a bundle keeps only what its codecs call.
import type { JsonObject, JsonValue, Message } from "@bufbuild/protobuf";
import { BinaryReader } from "./binary-reader.js";
import { BinaryWriter, INT64_MAX, INT64_MIN, UINT64_MAX } from "./binary-writer.js";

export { BinaryReader, BinaryWriter };

// Base64 here rather than @bufbuild/protobuf/wire's: importing that module evaluates its whole index.
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Standard base64 with padding, as protobuf JSON writes bytes. */
export function base64Encode(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]!;
    out += i + 1 < bytes.length ? ALPHABET[(n >>> 6) & 63]! : "=";
    out += i + 2 < bytes.length ? ALPHABET[n & 63]! : "=";
  }
  return out;
}

/** Standard or URL-safe base64, padded or not, as protobuf JSON reads bytes; throws on anything else. */
export function base64Decode(text: string): Uint8Array {
  const clean = text.replace(/=+$/, "");
  if (clean.length % 4 === 1 || !/^[A-Za-z0-9+/_-]*$/.test(clean)) throw new Error("invalid base64 string");
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let count = 0;
  let at = 0;
  for (const char of clean) {
    const code = char === "-" ? 62 : char === "_" ? 63 : ALPHABET.indexOf(char);
    bits = ((bits << 6) | code) & 0xffffff;
    count += 6;
    if (count >= 8) {
      count -= 8;
      out[at++] = (bits >>> count) & 0xff;
    }
  }
  return out;
}

/** Nesting limit of a decoded message, as protobuf-es's default `recursionLimit`. */
export const MAX_DEPTH = 100;

/** A unary method, binary codecs: `encode` writes the request, `decode` reads the response. */
export interface WireMethod<I extends Message, O extends Message> {
  /** `livekit.RoomService`. */
  readonly service: string;
  /** `CreateRoom`. */
  readonly name: string;
  /** `livekit.CreateRoomRequest`. */
  readonly input: string;
  /** `livekit.Room`. */
  readonly output: string;
  readonly encode: (message: I, writer: BinaryWriter) => void;
  readonly decode: (reader: BinaryReader, end: number, depth: number) => O;
}

/** A unary method, JSON codecs: `write` makes the request's JSON, `read` the response from JSON. */
export interface JsonMethod<I extends Message, O extends Message> {
  readonly service: string;
  readonly name: string;
  readonly input: string;
  readonly output: string;
  readonly write: (message: I) => JsonObject;
  readonly read: (json: unknown) => O;
}

/** Serializes with a generated `encodeX`. */
export function toBinary<T extends Message>(
  encode: (message: T, w: BinaryWriter) => void,
  message: T,
): Uint8Array {
  const writer = new BinaryWriter();
  encode(message, writer);
  return writer.finish();
}

/** Parses with a generated `decodeX`. */
export function fromBinary<T extends Message>(
  decode: (r: BinaryReader, end: number, depth: number) => T,
  bytes: Uint8Array,
): T {
  return decode(new BinaryReader(bytes), bytes.byteLength, 1);
}

export function tooDeep(m: Message): never {
  throw new Error(
    `cannot decode ${m.$typeName} from binary: maximum recursion depth of ${MAX_DEPTH} reached`,
  );
}

function fieldOf(tag: number): [number, number] {
  const no = tag >>> 3;
  const wireType = tag & 7;
  if (no <= 0 || wireType > 5) throw new Error(`illegal tag ${tag}`);
  return [no, wireType];
}

/** Keeps a field this version does not know in `$unknown`, so that encoding writes it back. */
export function readUnknown(r: BinaryReader, tag: number, depth: number, m: Message): void {
  const [no, wireType] = fieldOf(tag);
  const data = r.skip(wireType, no, MAX_DEPTH - depth);
  const known = m.$unknown;
  if (known === undefined) m.$unknown = [{ no, wireType, data }];
  else known.push({ no, wireType, data });
}

/** Skips a record inside a map entry that is neither its key nor its value. */
export function skipField(r: BinaryReader, tag: number, depth: number, _where: string): void {
  const [no, wireType] = fieldOf(tag);
  r.skip(wireType, no, MAX_DEPTH - depth);
}

// Writers of one field, tag included, each testing presence as protobuf-es's toBinary does: an implicit
// field is written unless zero. The value may also be undefined or null, when it comes from an init object
// rather than a full message. One short call per field keeps the generated encoders small.

export function putString(w: BinaryWriter, tag: number, v: string | undefined): void {
  if (v != null && v !== "") w.uint32(tag).string(v);
}
export function putBool(w: BinaryWriter, tag: number, v: boolean | undefined): void {
  if (v === true) w.uint32(tag).bool(v);
}
export function putBytes(w: BinaryWriter, tag: number, v: Uint8Array | undefined): void {
  if (v != null && v.length !== 0) w.uint32(tag).bytes(v);
}
// Object.is: -0 is written, as protobuf-es writes it.
export function putDouble(w: BinaryWriter, tag: number, v: number | undefined): void {
  if (v != null && !Object.is(v, 0)) w.uint32(tag).double(v);
}
export function putFloat(w: BinaryWriter, tag: number, v: number | undefined): void {
  if (v != null && !Object.is(v, 0)) w.uint32(tag).float(v);
}
export function putInt32(w: BinaryWriter, tag: number, v: number | undefined): void {
  if (v != null && v !== 0) w.uint32(tag).int32(v);
}
export function putUint32(w: BinaryWriter, tag: number, v: number | undefined): void {
  if (v != null && v !== 0) w.uint32(tag).uint32(v);
}
export function putSint32(w: BinaryWriter, tag: number, v: number | undefined): void {
  if (v != null && v !== 0) w.uint32(tag).sint32(v);
}
export function putFixed32(w: BinaryWriter, tag: number, v: number | undefined): void {
  if (v != null && v !== 0) w.uint32(tag).fixed32(v);
}
export function putSfixed32(w: BinaryWriter, tag: number, v: number | undefined): void {
  if (v != null && v !== 0) w.uint32(tag).sfixed32(v);
}
// 0n and "0" are zero too, as protobuf-es's loose comparison has it.
type Long = bigint | string | number;
export function putInt64(w: BinaryWriter, tag: number, v: Long | undefined): void {
  if (v != null && Number(v) !== 0) w.uint32(tag).int64(v);
}
export function putUint64(w: BinaryWriter, tag: number, v: Long | undefined): void {
  if (v != null && Number(v) !== 0) w.uint32(tag).uint64(v);
}
export function putSint64(w: BinaryWriter, tag: number, v: Long | undefined): void {
  if (v != null && Number(v) !== 0) w.uint32(tag).sint64(v);
}
export function putFixed64(w: BinaryWriter, tag: number, v: Long | undefined): void {
  if (v != null && Number(v) !== 0) w.uint32(tag).fixed64(v);
}
export function putSfixed64(w: BinaryWriter, tag: number, v: Long | undefined): void {
  if (v != null && Number(v) !== 0) w.uint32(tag).sfixed64(v);
}

export function putMessage<T>(
  w: BinaryWriter,
  tag: number,
  v: T | undefined,
  encode: (m: T, w: BinaryWriter) => void,
): void {
  if (v == null) return;
  w.uint32(tag).fork();
  encode(v, w);
  w.join();
}

export function putMessages<T>(
  w: BinaryWriter,
  tag: number,
  list: readonly T[] | undefined,
  encode: (m: T, w: BinaryWriter) => void,
): void {
  if (list == null) return;
  for (let i = 0; i < list.length; i++) {
    w.uint32(tag).fork();
    encode(list[i]!, w);
    w.join();
  }
}

type ScalarMethod =
  | "int32"
  | "uint32"
  | "sint32"
  | "fixed32"
  | "sfixed32"
  | "int64"
  | "uint64"
  | "sint64"
  | "fixed64"
  | "sfixed64"
  | "bool"
  | "double"
  | "float"
  | "string"
  | "bytes";

/** A packed repeated scalar: one length-delimited record, nothing when empty. */
export function putPacked(
  w: BinaryWriter,
  tag: number,
  list: readonly unknown[] | undefined,
  method: ScalarMethod,
): void {
  if (list == null || list.length === 0) return;
  w.uint32(tag).fork();
  const write = w[method] as (v: unknown) => BinaryWriter;
  for (let i = 0; i < list.length; i++) write.call(w, list[i]);
  w.join();
}

/** An unpacked repeated scalar (strings, bytes): one record per item. */
export function putRepeated(
  w: BinaryWriter,
  tag: number,
  list: readonly unknown[] | undefined,
  method: ScalarMethod,
): void {
  if (list == null) return;
  const write = w[method] as (v: unknown) => BinaryWriter;
  for (let i = 0; i < list.length; i++) write.call(w.uint32(tag), list[i]);
}

export function writeUnknown(w: BinaryWriter, m: Message): void {
  const unknown = m.$unknown;
  if (unknown === undefined) return;
  for (let i = 0; i < unknown.length; i++) {
    const { no, wireType, data } = unknown[i]!;
    w.uint32(((no << 3) | wireType) >>> 0).raw(data);
  }
}

/** Sets a map entry, `__proto__` included, as an own property. */
export function setOwn(record: object, key: string | number | bigint | boolean, value: unknown): void {
  const name = String(key);
  if (name === "__proto__") {
    Object.defineProperty(record, name, { value, enumerable: true, configurable: true, writable: true });
  } else {
    (record as Record<string, unknown>)[name] = value;
  }
}

/** The entries of a map field, keys as the strings they are stored as. */
export function mapEntries<T>(
  record: { readonly [key: string]: T } | { readonly [key: number]: T },
): [string, T][] {
  return Object.entries(record) as [string, T][];
}

// Map keys are object keys (strings); the binary format wants them as their scalar type. A key that is
// not one goes to the writer as it is, which rejects it.
export function boolMapKey(key: string): boolean {
  return key === "true" ? true : key === "false" ? false : (key as unknown as boolean);
}
export function int32MapKey(key: string): number {
  const n = Number.parseInt(key, 10);
  return Number.isFinite(n) ? n : (key as unknown as number);
}
export function int64MapKey(key: string): bigint {
  return /^-?[0-9]+$/.test(key) ? BigInt(key) : (key as unknown as bigint);
}

// ---- JSON ----

function describe(json: unknown): string {
  if (typeof json === "string") return JSON.stringify(json.length > 32 ? `${json.slice(0, 32)}…` : json);
  if (Array.isArray(json)) return "list";
  if (json === null) return "null";
  return typeof json === "object" ? "object" : String(json);
}

function invalid(json: unknown, why = ""): never {
  throw new Error(`${describe(json)}${why}`);
}

/** Rethrows what went wrong in one field of a message, naming the field. */
export function fieldError(m: Message, key: string, cause: unknown): never {
  const detail = cause instanceof Error ? cause.message : String(cause);
  throw new Error(`cannot decode field ${m.$typeName}.${key} from JSON: ${detail}`, { cause });
}

/** The object of a message's JSON form. */
export function jsonMessage(json: unknown, depth: number, m: Message): Record<string, unknown> {
  const typeName = m.$typeName;
  if (depth > MAX_DEPTH) {
    throw new Error(`cannot decode ${typeName} from JSON: maximum recursion depth of ${MAX_DEPTH} reached`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new Error(`cannot decode message ${typeName} from JSON: ${describe(json)}`);
  }
  return json as Record<string, unknown>;
}

export function jsonObject(json: unknown): Record<string, unknown> {
  if (typeof json !== "object" || json === null || Array.isArray(json)) invalid(json, " (expected object)");
  return json as Record<string, unknown>;
}

export function jsonArray(json: unknown): readonly unknown[] {
  if (!Array.isArray(json)) invalid(json, " (expected list)");
  return json;
}

export function nullMapValue(): never {
  throw new Error("map value must not be null");
}

/**
 * The key a generated reader matches: a proto field name (`room_name`) becomes its JSON name (`roomName`),
 * protobuf's lowerCamelCase of it; a key without an underscore, the usual case, is returned as it is.
 */
export function jsonKey(key: string): string {
  return key.includes("_") ? key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()) : key;
}

/** A field given under its proto name while its JSON name is there too. */
export function setTwice(o: Record<string, unknown>, jsonName: string): void {
  if (Object.hasOwn(o, jsonName)) throw new Error("set multiple times");
}

/** Two members of one oneof in the same object are an error, as in fromJson. */
export function oneofOnce(seen: Set<string>, oneof: string): void {
  if (seen.has(oneof)) throw new Error(`oneof ${oneof} set multiple times`);
  seen.add(oneof);
}

type Oneof = { case: string | undefined; value?: unknown };

/** A message member of a oneof from JSON: null clears it, a member given again merges into its value. */
export function oneofMessage<O extends Oneof, T>(
  current: O,
  name: string,
  json: unknown,
  depth: number,
  read: (json: unknown, depth: number, into: T) => T,
  create: () => T,
): O {
  if (json === null) return (current.case === name ? { case: undefined } : current) as O;
  return {
    case: name,
    value: read(json, depth + 1, current.case === name ? (current.value as T) : create()),
  } as O;
}

/** An enum value given by number, or a name no generated case matched (then undefined: ignored). */
export function enumNumber(json: unknown): number | undefined {
  if (typeof json === "string") return undefined;
  if (typeof json === "number" && Number.isInteger(json) && (json | 0) === json) return json;
  invalid(json);
}

export function jsonString(json: unknown): string {
  return typeof json === "string" ? json : invalid(json);
}

export function jsonBool(json: unknown): boolean {
  return typeof json === "boolean" ? json : invalid(json);
}

/** A JSON number, or a decimal string without surrounding space. */
function numeric(json: unknown): number {
  if (typeof json === "number") return json;
  if (typeof json === "string" && json !== "" && json.trim() === json) return Number(json);
  return Number.NaN;
}

export function jsonInt32(json: unknown): number {
  const n = numeric(json);
  return Number.isInteger(n) && (n | 0) === n ? n : invalid(json);
}

export function jsonUint32(json: unknown): number {
  const n = numeric(json);
  return Number.isInteger(n) && n >>> 0 === n ? n : invalid(json);
}

function bigintOf(json: unknown): bigint | undefined {
  if (typeof json === "number") return Number.isSafeInteger(json) ? BigInt(json) : undefined;
  if (typeof json === "string" && /^-?[0-9]{1,20}$/.test(json)) return BigInt(json);
  return undefined;
}

export function jsonInt64(json: unknown): bigint {
  const n = bigintOf(json);
  return n !== undefined && n >= INT64_MIN && n <= INT64_MAX ? n : invalid(json);
}

export function jsonUint64(json: unknown): bigint {
  const n = bigintOf(json);
  return n !== undefined && n >= 0n && n <= UINT64_MAX ? n : invalid(json);
}

function floating(json: unknown): number {
  if (json === "NaN") return Number.NaN;
  if (json === "Infinity") return Number.POSITIVE_INFINITY;
  if (json === "-Infinity") return Number.NEGATIVE_INFINITY;
  const n = numeric(json);
  return Number.isFinite(n) ? n : invalid(json);
}

export function jsonDouble(json: unknown): number {
  return floating(json);
}

const FLOAT_MAX = 3.4028234663852886e38;

export function jsonFloat(json: unknown): number {
  const n = floating(json);
  return Number.isFinite(n) && Math.abs(n) > FLOAT_MAX ? invalid(json, " (out of float range)") : n;
}

export function jsonBytes(json: unknown): Uint8Array {
  if (typeof json !== "string") invalid(json);
  if (json === "") return new Uint8Array(0);
  try {
    return base64Decode(json);
  } catch {
    return invalid(json, " (not base64)");
  }
}

// Readers of a singular field without presence: JSON null is its zero value.
export const jsonStringField = (json: unknown): string => (json === null ? "" : jsonString(json));
export const jsonBoolField = (json: unknown): boolean => (json === null ? false : jsonBool(json));
export const jsonInt32Field = (json: unknown): number => (json === null ? 0 : jsonInt32(json));
export const jsonUint32Field = (json: unknown): number => (json === null ? 0 : jsonUint32(json));
export const jsonInt64Field = (json: unknown): bigint => (json === null ? 0n : jsonInt64(json));
export const jsonUint64Field = (json: unknown): bigint => (json === null ? 0n : jsonUint64(json));
export const jsonDoubleField = (json: unknown): number => (json === null ? 0 : jsonDouble(json));
export const jsonFloatField = (json: unknown): number => (json === null ? 0 : jsonFloat(json));
export const jsonBytesField = (json: unknown): Uint8Array =>
  json === null ? new Uint8Array(0) : jsonBytes(json);

/** A float or double in JSON: NaN and the infinities as their names. */
export function jsonNumber(value: number): JsonValue {
  return Number.isFinite(value) ? value : String(value);
}

/**
 * The keys of a JSON map, checked and canonical: `[jsonKey, localKey, ...]` pairs flattened, so that
 * "01" and "1" of an integer map are one key (given twice is an error, as in fromJson).
 */
export function mapKeys(map: Record<string, unknown>, kind: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const key of Object.keys(map)) {
    let local: string;
    switch (kind) {
      case "string":
        local = key;
        break;
      case "bool":
        if (key !== "true" && key !== "false") invalid(key, " (map key)");
        local = key;
        break;
      case "int32":
        local = String(jsonInt32(key));
        break;
      case "uint32":
        local = String(jsonUint32(key));
        break;
      case "int64":
        local = String(jsonInt64(key));
        break;
      default:
        local = String(jsonUint64(key));
    }
    if (seen.has(local)) invalid(key, " (duplicate map key)");
    seen.add(local);
    out.push(key, local);
  }
  return out;
}

// ---- well-known types with a JSON form of their own ----

interface Seconds {
  seconds: bigint;
  nanos: number;
}

const TIMESTAMP_MS_MIN = -62135596800000; // 0001-01-01T00:00:00Z
const TIMESTAMP_MS_MAX = 253402300799999; // 9999-12-31T23:59:59.999Z
const DURATION_SECONDS_MAX = 315576000000;

/** Nanoseconds as a fraction: 3, 6 or 9 digits, as protobuf's JSON mapping prints them. */
function fraction(nanos: number): string {
  const digits = String(nanos + 1_000_000_000).slice(1);
  if (digits.endsWith("000000")) return digits.slice(0, 3);
  if (digits.endsWith("000")) return digits.slice(0, 6);
  return digits;
}

const RFC3339 =
  /^([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})(?:\.([0-9]{1,9}))?(Z|[+-][0-9]{2}:[0-9]{2})$/;

export function timestampFromJson<T extends Message & Seconds>(json: unknown, depth: number, m: T): T {
  jsonDepth(depth, m.$typeName);
  const match = typeof json === "string" ? RFC3339.exec(json) : null;
  if (match === null) throw new Error(`cannot decode message ${m.$typeName} from JSON: ${describe(json)}`);
  const ms = Date.parse(match[1]! + match[3]!);
  if (Number.isNaN(ms) || ms < TIMESTAMP_MS_MIN || ms > TIMESTAMP_MS_MAX) {
    throw new Error(`cannot decode message ${m.$typeName} from JSON: ${describe(json)}`);
  }
  m.seconds = BigInt(ms / 1000);
  const digits = match[2];
  m.nanos = digits === undefined ? 0 : Number(digits.padEnd(9, "0"));
  return m;
}

// The writers take init objects too (a request built from options): an absent field is zero.
export function timestampToJson(m: Message & Partial<Seconds>): JsonValue {
  const ms = Number(m.seconds ?? 0) * 1000;
  const nanos = m.nanos ?? 0;
  if (ms < TIMESTAMP_MS_MIN || ms > TIMESTAMP_MS_MAX || nanos < 0 || nanos > 999_999_999) {
    throw new Error(`cannot encode message ${m.$typeName} to JSON: value out of range`);
  }
  const z = nanos > 0 ? `.${fraction(nanos)}Z` : "Z";
  return new Date(ms).toISOString().replace(".000Z", z);
}

export function durationFromJson<T extends Message & Seconds>(json: unknown, depth: number, m: T): T {
  jsonDepth(depth, m.$typeName);
  const match = typeof json === "string" ? /^(-?[0-9]+)(?:\.([0-9]+))?s/.exec(json) : null;
  const seconds = match === null ? Number.NaN : Number(match[1]);
  if (match === null || !(Math.abs(seconds) <= DURATION_SECONDS_MAX)) {
    throw new Error(`cannot decode message ${m.$typeName} from JSON: ${describe(json)}`);
  }
  m.seconds = BigInt(seconds);
  const digits = match[2];
  if (digits !== undefined) {
    const nanos = Number(digits.padEnd(9, "0").slice(0, 9));
    m.nanos = match[1]!.startsWith("-") ? -nanos : nanos;
  }
  return m;
}

export function durationToJson(m: Message & Partial<Seconds>): JsonValue {
  const seconds = Number(m.seconds ?? 0);
  const nanos = m.nanos ?? 0;
  if (
    Math.abs(seconds) > DURATION_SECONDS_MAX ||
    Math.abs(nanos) > 999_999_999 ||
    (seconds > 0 && nanos < 0) ||
    (seconds < 0 && nanos > 0)
  ) {
    throw new Error(`cannot encode message ${m.$typeName} to JSON: value out of range`);
  }
  let text = String(m.seconds ?? 0);
  if (nanos !== 0) {
    text += `.${fraction(Math.abs(nanos))}`;
    if (nanos < 0 && seconds === 0) text = `-${text}`;
  }
  return `${text}s`;
}

// google.protobuf.Any names its payload by type URL; without a registry (as protobuf-es without one)
// only the empty Any has a JSON form: {}.
export function anyFromJson<T extends Message & { typeUrl: string }>(json: unknown, depth: number, m: T): T {
  const o = jsonMessage(json, depth, m);
  if (Object.keys(o).length > 0) {
    throw new Error(
      `cannot decode message ${m.$typeName} from JSON: no type registry for google.protobuf.Any`,
    );
  }
  return m;
}

export function anyToJson(m: Message & { typeUrl?: string }): JsonValue {
  if ((m.typeUrl ?? "") === "") return {};
  throw new Error(`cannot encode message ${m.$typeName} to JSON: no type registry for google.protobuf.Any`);
}

function jsonDepth(depth: number, typeName: string): void {
  if (depth > MAX_DEPTH) {
    throw new Error(`cannot decode ${typeName} from JSON: maximum recursion depth of ${MAX_DEPTH} reached`);
  }
}
