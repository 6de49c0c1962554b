import { describe, expect, it } from 'vitest';
import { toColoredMask } from './colored-mask.js';
import { LIP_PALETTE } from './lip-classes.js';

describe('toColoredMask', () => {
  const labels = { width: 2, height: 2, data: Uint8Array.from([0, 2, 19, 255]) };

  it('colours class ids with the LIP palette as RGBA: background transparent, classes opaque, unknown values transparent', () => {
    const mask = toColoredMask(labels);
    expect([mask.width, mask.height]).toEqual([2, 2]);
    expect(mask.data).toBeInstanceOf(Uint8ClampedArray);
    expect(Array.from(mask.data)).toEqual([0, 0, 0, 0, ...LIP_PALETTE[2]!, 255, ...LIP_PALETTE[19]!, 255, 0, 0, 0, 0]);
  });

  it('takes a palette, an opacity and a background opacity', () => {
    const palette = Array.from({ length: 20 }, (_, c) => [c, 2 * c, 3 * c] as const);
    const mask = toColoredMask(labels, { palette, opacity: 0.5, backgroundOpacity: 1 });
    expect(Array.from(mask.data.slice(0, 12))).toEqual([0, 0, 0, 255, 2, 4, 6, 128, 19, 38, 57, 128]);
    // A shorter palette leaves the classes it lacks transparent.
    expect(Array.from(toColoredMask(labels, { palette: [[9, 9, 9], [1, 1, 1], [5, 6, 7]] }).data.slice(4, 12))).toEqual([5, 6, 7, 255, 0, 0, 0, 0]);
  });

  it('rejects bad label maps and options, naming them', () => {
    expect(() => toColoredMask({ width: 2, height: 2, data: new Uint8Array(3) })).toThrow(/toColoredMask labels: data has 3 values, expected 4 \(2x2x1\)/);
    expect(() => toColoredMask(labels, { opacity: 2 })).toThrow(/opacity must be a number in \[0, 1\], got 2/);
    expect(() => toColoredMask(labels, { backgroundOpacity: -1 })).toThrow(/backgroundOpacity must be a number in \[0, 1\], got -1/);
    expect(() => toColoredMask(labels, { palette: [] })).toThrow(/palette must be a non-empty list/);
    expect(() => toColoredMask(null as never)).toThrow(/expected a label map/);
  });
});
