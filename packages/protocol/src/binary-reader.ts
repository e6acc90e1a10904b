// The protobuf binary reader the generated decoders use: the same values as @bufbuild/protobuf's
// BinaryReader (the conformance test compares them), with only what the codecs call.

// PURE: a bundle that never reads binary (a webhook receiver) drops them.
const strictText = /* @__PURE__ */ new TextDecoder("utf-8", { fatal: true });
const looseText = /* @__PURE__ */ new TextDecoder("utf-8");

export class BinaryReader {
  /** Position of the next byte to read. */
  pos = 0;
  readonly len: number;
  private readonly view: DataView;

  constructor(readonly buf: Uint8Array) {
    this.len = buf.length;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  private assertBounds(): void {
    if (this.pos > this.len) throw new RangeError("premature EOF");
  }

  /** A varint's low 32 bits, the rest of it skipped (at most ten bytes in all). */
  uint32(): number {
    let value = 0;
    for (let i = 0; i < 10; i++) {
      const byte = this.buf[this.pos++]!;
      if (i < 5) value |= (byte & 0x7f) << (7 * i);
      if ((byte & 0x80) === 0) {
        this.assertBounds();
        return value >>> 0;
      }
    }
    throw new Error("invalid varint");
  }

  int32(): number {
    return this.uint32() | 0;
  }

  sint32(): number {
    const n = this.uint32();
    return (n >>> 1) ^ -(n & 1);
  }

  private varint64(): bigint {
    const buf = this.buf;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      const byte = buf[this.pos++]!;
      const bits = byte & 0x7f;
      if (i < 4) lo |= bits << (7 * i);
      else if (i === 4) {
        lo |= bits << 28;
        hi |= bits >>> 4;
      } else hi |= bits << (7 * i - 32);
      if ((byte & 0x80) === 0) {
        this.assertBounds();
        return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
      }
    }
    throw new Error("invalid varint");
  }

  int64(): bigint {
    return BigInt.asIntN(64, this.varint64());
  }

  uint64(): bigint {
    return this.varint64();
  }

  sint64(): bigint {
    const n = this.varint64();
    return (n >> 1n) ^ -(n & 1n);
  }

  bool(): boolean {
    return this.varint64() !== 0n;
  }

  private advance(size: number): number {
    const at = this.pos;
    this.pos += size;
    this.assertBounds();
    return at;
  }

  fixed32(): number {
    return this.view.getUint32(this.advance(4), true);
  }

  sfixed32(): number {
    return this.view.getInt32(this.advance(4), true);
  }

  fixed64(): bigint {
    return this.view.getBigUint64(this.advance(8), true);
  }

  sfixed64(): bigint {
    return this.view.getBigInt64(this.advance(8), true);
  }

  float(): number {
    return this.view.getFloat32(this.advance(4), true);
  }

  double(): number {
    return this.view.getFloat64(this.advance(8), true);
  }

  bytes(): Uint8Array {
    const length = this.uint32();
    const start = this.advance(length);
    return this.buf.subarray(start, start + length);
  }

  /** UTF-8 text; `strict` (the default, as for proto3 strings) refuses invalid UTF-8, as protobuf-es does. */
  string(strict = true): string {
    const bytes = this.bytes();
    // Short ASCII, the usual case, without a call into the decoder.
    if (bytes.length < 64 && !bytes.some((byte) => byte > 0x7f)) return String.fromCharCode(...bytes);
    return (strict ? strictText : looseText).decode(bytes);
  }

  /** Skips one field's value and returns its bytes; groups nest at most `recursionLimit` deep. */
  skip(wireType: number, fieldNo: number, recursionLimit = 100): Uint8Array {
    const start = this.pos;
    switch (wireType) {
      case 0:
        while (this.buf[this.pos++]! & 0x80) {
          // continuation bytes
        }
        break;
      case 1:
        this.pos += 8;
        break;
      case 5:
        this.pos += 4;
        break;
      case 2: {
        const length = this.uint32();
        this.pos += length;
        break;
      }
      case 3:
        if (recursionLimit <= 0) throw new Error("cannot skip group: maximum recursion depth reached");
        for (;;) {
          const tag = this.uint32();
          const type = tag & 7;
          if (type === 4) {
            if (tag >>> 3 !== fieldNo) throw new Error("invalid end group tag");
            break;
          }
          this.skip(type, tag >>> 3, recursionLimit - 1);
        }
        break;
      default:
        throw new Error(`cant skip wire type ${wireType}`);
    }
    this.assertBounds();
    return this.buf.subarray(start, this.pos);
  }
}
