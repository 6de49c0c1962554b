import { describe, expect, it } from 'vitest';
import { nearestSourceIndicesTf1, resizeBilinearTf1, resizeNearestTf1 } from './tf1-resize.js';

describe('TF 1.x resize (align_corners=False, no half-pixel centres)', () => {
  const row = new Float32Array([0, 10, 20, 30]);

  it('bilinear: src = dst·in/out in float32, clamped upper neighbour', () => {
    const down = resizeBilinearTf1(row, 4, 1, 1, 3, 1);
    expect(down[0]).toBe(0);
    expect(down[1]).toBeCloseTo(13.333334, 5); // 1.3333334 → 10 + 10·0.3333334
    expect(down[2]).toBeCloseTo(26.666667, 5);
    const up = resizeBilinearTf1(row, 4, 1, 1, 8, 1);
    expect([...up]).toEqual([0, 5, 10, 15, 20, 25, 30, 30]); // last pixels clamp to the edge
    // 2-D: the same along y, channels independent.
    const img = new Float32Array([0, 100, 10, 110, 20, 120, 30, 130]); // 1x4x2 → rows
    const tall = resizeBilinearTf1(img, 1, 4, 2, 1, 2);
    expect([...tall]).toEqual([0, 100, 20, 120]);
  });

  it('nearest: floor(dst·in/out), clamped', () => {
    expect([...nearestSourceIndicesTf1(4, 8)]).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect([...nearestSourceIndicesTf1(5, 3)]).toEqual([0, 1, 3]);
    expect([...nearestSourceIndicesTf1(384, 48)]).toEqual(Array.from({ length: 48 }, (_, i) => i * 8));
    const out = resizeNearestTf1(new Uint8Array([1, 2, 3, 4, 5]), 5, 1, 1, 3, 1);
    expect([...out]).toEqual([1, 2, 4]);
  });
});
