import { describe, expect, it } from 'vitest';
import { float16BytesToFloat32 } from './float16.js';

describe('float16BytesToFloat32', () => {
  it('widens normals, subnormals, zeros, infinities and NaN (little-endian)', () => {
    const bits = [0x3c00, 0xc000, 0x3555, 0x7bff, 0x0400, 0x0001, 0x03ff, 0x0000, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0xb405];
    const bytes = new Uint8Array(bits.flatMap((b) => [b & 0xff, b >> 8]));
    const values = Array.from(float16BytesToFloat32(bytes));
    expect(values.slice(0, 7)).toEqual([1, -2, Math.fround(0.333251953125), 65504, 2 ** -14, 2 ** -24, Math.fround(1023 * 2 ** -24)]);
    expect(Object.is(values[7], 0)).toBe(true);
    expect(Object.is(values[8], -0)).toBe(true);
    expect(values.slice(9, 11)).toEqual([Infinity, -Infinity]);
    expect(values[11]).toBeNaN();
    expect(values[12]).toBe(Math.fround(-0.2512207031));
    expect(() => float16BytesToFloat32(new Uint8Array(3))).toThrow('odd byte length 3');
  });
});
