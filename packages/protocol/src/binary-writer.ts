// The protobuf binary writer the generated encoders use: the same bytes as @bufbuild/protobuf's
// BinaryWriter (the conformance test compares them), with only what the codecs call, so that a bundle
// carries a fraction of its size. Values are checked as protobuf-es checks them: a wrong one throws.

const INT32_MAX = 0x7fffffff;
const INT32_MIN = -0x80000000;
const UINT32_MAX = 0xffffffff;
const FLOAT32_MAX = 3.4028234663852886e38;
// Literals and PURE marks: a bundle that never writes binary (a webhook receiver) drops them.
/** -(2^63), 2^63 - 1 and 2^64 - 1: the ranges of the 64-bit integer types. */
export const INT64_MIN = -0x8000000000000000n;
export const INT64_MAX = 0x7fffffffffffffffn;
export const UINT64_MAX = 0xffffffffffffffffn;

const encoder = /* @__PURE__ */ new TextEncoder();

function integer(value: unknown, kind: string, min: number, max: number): number {
  const n = typeof value === "string" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < min || n > max) {
    throw new Error(`invalid ${kind}: ${String(value)}`);
  }
  return n;
}

function long(value: unknown, kind: string, min: bigint, max: bigint): bigint {
  let n: bigint;
  try {
    n = typeof value === "bigint" ? value : BigInt(value as string | number);
  } catch {
    throw new Error(`invalid ${kind}: ${String(value)}`);
  }
  if (n < min || n > max) throw new Error(`invalid ${kind}: ${String(value)}`);
  return n;
}

export class BinaryWriter {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  private pos = 0;
  private readonly forks: number[] = [];

  private reserve(size: number): void {
    if (this.pos + size <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.pos + size));
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
    this.view = new DataView(grown.buffer);
  }

  /** The bytes written, in a buffer of their own. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  /** Starts length-delimited data (a message, a packed list, a map entry); `join` ends it. */
  fork(): this {
    this.forks.push(this.pos);
    return this;
  }

  /** Ends the data `fork` started, prefixing its length. */
  join(): this {
    const start = this.forks.pop()!;
    const length = this.pos - start;
    let size = 1;
    while (length >>> (7 * size) !== 0 && size < 5) size++;
    this.reserve(size);
    this.buf.copyWithin(start + size, start, this.pos);
    const end = this.pos + size;
    this.pos = start;
    this.varint32(length);
    this.pos = end;
    return this;
  }

  raw(chunk: Uint8Array): this {
    this.reserve(chunk.length);
    this.buf.set(chunk, this.pos);
    this.pos += chunk.length;
    return this;
  }

  private varint32(value: number): void {
    this.reserve(5);
    while (value > 0x7f) {
      this.buf[this.pos++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    this.buf[this.pos++] = value;
  }

  private varint64(value: bigint): void {
    let lo = Number(value & 0xffffffffn);
    let hi = Number((value >> 32n) & 0xffffffffn);
    this.reserve(10);
    while (hi !== 0 || lo > 0x7f) {
      this.buf[this.pos++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    this.buf[this.pos++] = lo;
  }

  uint32(value: number): this {
    this.varint32(integer(value, "uint32", 0, UINT32_MAX));
    return this;
  }

  int32(value: number): this {
    const n = integer(value, "int32", INT32_MIN, INT32_MAX);
    // A negative int32 is sign-extended to ten bytes, as every protobuf runtime writes it.
    if (n < 0) this.varint64(BigInt.asUintN(64, BigInt(n)));
    else this.varint32(n);
    return this;
  }

  sint32(value: number): this {
    const n = integer(value, "int32", INT32_MIN, INT32_MAX);
    this.varint32(((n << 1) ^ (n >> 31)) >>> 0);
    return this;
  }

  bool(value: boolean): this {
    this.reserve(1);
    this.buf[this.pos++] = value ? 1 : 0;
    return this;
  }

  bytes(value: Uint8Array): this {
    this.uint32(value.length);
    return this.raw(value);
  }

  string(value: string): this {
    const text = typeof value === "string" ? value : String(value);
    return this.bytes(encoder.encode(text));
  }

  float(value: number): this {
    const n = Number(value);
    // Infinity and NaN are float32 values; a finite number beyond its range, or no number, is not.
    if (typeof value === "object" || (Number.isFinite(n) && Math.abs(n) > FLOAT32_MAX)) {
      throw new Error(`invalid float32: ${String(value)}`);
    }
    this.reserve(4);
    this.view.setFloat32(this.pos, n, true);
    this.pos += 4;
    return this;
  }

  double(value: number): this {
    this.reserve(8);
    this.view.setFloat64(this.pos, Number(value), true);
    this.pos += 8;
    return this;
  }

  fixed32(value: number): this {
    this.reserve(4);
    this.view.setUint32(this.pos, integer(value, "uint32", 0, UINT32_MAX), true);
    this.pos += 4;
    return this;
  }

  sfixed32(value: number): this {
    this.reserve(4);
    this.view.setInt32(this.pos, integer(value, "int32", INT32_MIN, INT32_MAX), true);
    this.pos += 4;
    return this;
  }

  int64(value: bigint | string | number): this {
    this.varint64(BigInt.asUintN(64, long(value, "int64", INT64_MIN, INT64_MAX)));
    return this;
  }

  uint64(value: bigint | string | number): this {
    this.varint64(long(value, "uint64", 0n, UINT64_MAX));
    return this;
  }

  sint64(value: bigint | string | number): this {
    const n = long(value, "int64", INT64_MIN, INT64_MAX);
    this.varint64(BigInt.asUintN(64, (n << 1n) ^ (n >> 63n)));
    return this;
  }

  fixed64(value: bigint | string | number): this {
    this.reserve(8);
    this.view.setBigUint64(this.pos, long(value, "uint64", 0n, UINT64_MAX), true);
    this.pos += 8;
    return this;
  }

  sfixed64(value: bigint | string | number): this {
    this.reserve(8);
    this.view.setBigInt64(this.pos, long(value, "int64", INT64_MIN, INT64_MAX), true);
    this.pos += 8;
    return this;
  }
}
