import { describe, expect, it } from 'vitest';
import { resizeNearest } from './resize-nearest.js';

describe('resizeNearest', () => {
  it('upsamples 2x by repeating pixels', () => {
    const r = resizeNearest({ data: Uint8Array.from([1, 2, 3, 4]), width: 2, height: 2 }, 4, 4);
    expect(r.width).toBe(4);
    expect(r.height).toBe(4);
    expect(Array.from(r.data)).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
    expect(r.data).toBeInstanceOf(Uint8Array);
  });

  it('downsamples at pixel centres (Pillow NEAREST): 5 -> 2 picks source columns 1 and 3', () => {
    // floor((0 + 0.5) * 5 / 2) = 1, floor((1 + 0.5) * 5 / 2) = 3
    const r = resizeNearest(Int32Array.from([10, 11, 12, 13, 14]), 2, 1, { width: 5, height: 1 });
    expect(Array.from(r.data)).toEqual([11, 13]);
    expect(r.data).toBeInstanceOf(Int32Array);
  });

  it('3 -> 7 columns and plain arrays; never blends ids', () => {
    // floor((x + 0.5) * 3 / 7) for x = 0..6 -> 0 0 1 1 1 2 2
    const r = resizeNearest([5, 9, 19], 7, 2, { width: 3, height: 1 });
    expect(r.data).toEqual([5, 5, 9, 9, 9, 19, 19, 5, 5, 9, 9, 9, 19, 19]);
  });

  it('identity at the same size; a tensor-like input works', () => {
    const data = Uint8Array.from([0, 1, 2, 3, 4, 5]);
    const r = resizeNearest({ dataSync: () => data, shape: [2, 3] }, 3, 2);
    expect(Array.from(r.data)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('rejects bad sizes', () => {
    expect(() => resizeNearest([1], 0, 1)).toThrow('target size must be positive integers, got 0x1');
    expect(() => resizeNearest({ data: [1, 2, 3], width: 2, height: 2 }, 1, 1)).toThrow('data has 3 values but the size 2x2 needs 4');
  });
});

describe('resizeNearest before ConfusionMatrix.update (prediction smaller than the ground truth)', () => {
  it('a half-size prediction, resized to the ground-truth size, is counted pixel for pixel', async () => {
    const { ConfusionMatrix } = await import('./confusion-matrix.js');
    const gt = { data: Uint8Array.from([1, 1, 2, 2, 1, 1, 2, 2]), width: 4, height: 2 };
    const small = { data: Uint8Array.from([1, 2]), width: 2, height: 1 };
    const m = new ConfusionMatrix(3);
    expect(() => m.update(gt, small)).toThrow('prediction is 2x1 but ground truth is 4x2');
    m.update(gt, resizeNearest(small, gt.width, gt.height));
    expect(m.compute().pixelAccuracy).toBe(1);
  });
});
