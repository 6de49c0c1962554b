import { describe, expect, it } from 'vitest';
import { ProtobufReader } from './protobuf-reader.js';

describe('ProtobufReader', () => {
  it('decodes varints up to 64 bits, int64 two’s complement and fixed32', () => {
    const reader = new ProtobufReader(
      Uint8Array.from([0x96, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x80, 0x80, 0x80, 0x80, 0x10, 0x78, 0x56, 0x34, 0x12]),
    );
    expect(reader.uint()).toBe(150);
    expect(reader.int64()).toBe(-1);
    expect(reader.uint()).toBe(2 ** 32);
    expect(reader.fixed32()).toBe(0x12345678);
    expect(reader.done).toBe(true);
  });

  it('walks tags, skips unknown fields of every wire type and reads nested messages', () => {
    // field 1 varint 5; field 2 fixed64; field 3 bytes "ab"; field 4 fixed32; field 5 message { field 1 = 7 }
    const bytes = Uint8Array.from([0x08, 0x05, 0x11, 1, 2, 3, 4, 5, 6, 7, 8, 0x1a, 0x02, 0x61, 0x62, 0x25, 1, 2, 3, 4, 0x2a, 0x02, 0x08, 0x07]);
    const reader = new ProtobufReader(bytes);
    const seen: number[] = [];
    for (let tag = reader.tag(); tag; tag = reader.tag()) {
      seen.push(tag.field);
      if (tag.field === 5) {
        const inner = reader.message();
        expect(inner.tag()).toEqual({ field: 1, wireType: 0 });
        expect(inner.uint()).toBe(7);
      } else reader.skip(tag.wireType);
    }
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it('reports truncation', () => {
    expect(() => new ProtobufReader(Uint8Array.from([0x80])).uint()).toThrow('truncated varint');
    expect(() => new ProtobufReader(Uint8Array.from([0x05, 0x61])).string()).toThrow('truncated string field');
    expect(() => new ProtobufReader(Uint8Array.from([0x03, 0x61])).message()).toThrow('truncated length-delimited field');
  });
});
