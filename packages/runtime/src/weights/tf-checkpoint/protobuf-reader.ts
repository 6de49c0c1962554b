/** Just enough protobuf wire-format decoding for TensorFlow's bundle protos (no dependency). */
export class ProtobufReader {
  private position: number;

  constructor(
    private readonly bytes: Uint8Array,
    start = 0,
    private readonly end = bytes.length,
  ) {
    this.position = start;
  }

  get offset(): number {
    return this.position;
  }

  /** Moves past `count` raw bytes. */
  skipBytes(count: number): void {
    if (this.position + count > this.end) throw new Error('truncated bytes');
    this.position += count;
  }

  get done(): boolean {
    return this.position >= this.end;
  }

  /** An unsigned varint of up to 64 bits, as a bigint (protobuf int64 fields are two's complement). */
  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.position >= this.end) throw new Error('truncated varint');
      const byte = this.bytes[this.position++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return BigInt.asUintN(64, result);
    }
    throw new Error('varint longer than 10 bytes');
  }

  /** A varint known to be a small non-negative number (lengths, tags, enum values). */
  uint(): number {
    const value = this.varint();
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`varint ${value} is too large`);
    return Number(value);
  }

  /** An int64 field as a number, exact up to 2^53. */
  int64(): number {
    const value = BigInt.asIntN(64, this.varint());
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new Error(`int64 ${value} is beyond 2^53`);
    }
    return Number(value);
  }

  fixed32(): number {
    if (this.position + 4 > this.end) throw new Error('truncated fixed32');
    const b = this.bytes;
    const p = this.position;
    this.position += 4;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  }

  /** The next field's number and wire type, or undefined at the end. */
  tag(): { field: number; wireType: number } | undefined {
    if (this.done) return undefined;
    const key = this.uint();
    return { field: Math.floor(key / 8), wireType: key & 7 };
  }

  /** A length-delimited field's bytes, as a reader. */
  message(): ProtobufReader {
    const length = this.uint();
    if (this.position + length > this.end) throw new Error('truncated length-delimited field');
    const reader = new ProtobufReader(this.bytes, this.position, this.position + length);
    this.position += length;
    return reader;
  }

  string(): string {
    const length = this.uint();
    if (this.position + length > this.end) throw new Error('truncated string field');
    const text = new TextDecoder().decode(this.bytes.subarray(this.position, this.position + length));
    this.position += length;
    return text;
  }

  skip(wireType: number): void {
    switch (wireType) {
      case 0:
        this.varint();
        return;
      case 1:
        this.position += 8;
        break;
      case 2: {
        const length = this.uint(); // read before adding: `position += uint()` would add to the old position
        this.position += length;
        break;
      }
      case 5:
        this.position += 4;
        break;
      default:
        throw new Error(`unsupported protobuf wire type ${wireType}`);
    }
    if (this.position > this.end) throw new Error('truncated field');
  }
}
