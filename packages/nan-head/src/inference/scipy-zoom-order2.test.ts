import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { zoomSplineOrder2 } from './scipy-zoom-order2.js';

interface ZoomCase { input: string; shape: [number, number, number]; output: [number, number]; expected: string }
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/scipy_zoom_order2.json', import.meta.url), 'utf8')) as { scipy: string; cases: ZoomCase[] };
const f32 = (b64: string) => {
  const bytes = Buffer.from(b64, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};

describe(`zoomSplineOrder2 against scipy ${fixture.scipy} ndimage.zoom(order=2)`, () => {
  it.each(fixture.cases.map((c) => [`${c.shape.join('x')} -> ${c.output.join('x')}`, c] as const))('%s', (_name, c) => {
    const [h, w, ch] = c.shape;
    const actual = zoomSplineOrder2(f32(c.input), h, w, ch, c.output[0], c.output[1]);
    const expected = f32(c.expected);
    expect(actual.length).toBe(expected.length);
    let maxDiff = 0;
    for (let i = 0; i < expected.length; i++) maxDiff = Math.max(maxDiff, Math.abs(actual[i]! - expected[i]!));
    expect(maxDiff).toBeLessThan(1e-7);
  });

  it('is the identity when the size does not change', () => {
    const data = Float32Array.from({ length: 5 * 4 * 3 }, (_, i) => Math.sin(i));
    expect(Array.from(zoomSplineOrder2(data, 5, 4, 3, 5, 4))).toEqual(Array.from(data).map((v) => expect.closeTo(v, 6)));
  });

  it('rejects bad sizes with the argument name', () => {
    expect(() => zoomSplineOrder2(new Float32Array(6), 2, 3, 1, 0, 4)).toThrow(/outHeight must be a positive integer/);
    expect(() => zoomSplineOrder2(new Float32Array(5), 2, 3, 1, 4, 4)).toThrow(/5 values, expected 2x3x1/);
  });
});
