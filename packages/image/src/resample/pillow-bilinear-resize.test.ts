import { describe, expect, it } from 'vitest';
import { resizeBilinearPillow } from './pillow-bilinear-resize.js';

describe('resizeBilinearPillow with an output region', () => {
  it('computes exactly the crop of the full resize', () => {
    const image = { width: 19, height: 13, data: Uint8Array.from({ length: 19 * 13 * 3 }, (_, i) => (i * 37) % 256) };
    for (const [w, h] of [[27, 18], [11, 7], [19, 20], [30, 13]] as const) {
      const full = resizeBilinearPillow(image, w, h);
      const region = { x: 3, y: 2, width: w - 5, height: h - 4 };
      const part = resizeBilinearPillow(image, w, h, 3, region);
      for (let y = 0; y < region.height; y++) {
        const a = part.data.subarray(y * region.width * 3, (y + 1) * region.width * 3);
        const b = full.data.subarray(((y + 2) * w + 3) * 3, ((y + 2) * w + 3 + region.width) * 3);
        expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
      }
    }
    expect(() => resizeBilinearPillow(image, 10, 10, 3, { x: 5, y: 0, width: 6, height: 1 })).toThrow(/outside 10x10/);
  });
});
