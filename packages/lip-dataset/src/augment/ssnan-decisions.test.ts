import { describe, expect, it } from 'vitest';
import { augmentSsnanTrain, decideSsnanTrain } from './ssnan-train.js';
import { SeededRandom } from '@lip/schema';

describe('SS-NAN training decisions (SS-NAN model.py load_image_gt)', () => {
  it('scale from {0.6…1.4}, centred pad or crop offset in [0, excess), flip ≈ half the time', () => {
    const scales = new Set<number>();
    let flips = 0;
    for (let seed = 0; seed < 400; seed++) {
      const d = decideSsnanTrain(250, 400, new SeededRandom(seed));
      scales.add(d.scale);
      expect(d.scaledWidth).toBe(Math.round(250 * d.scale));
      if (d.scaledHeight > 320) {
        expect(d.cropY).toBeGreaterThanOrEqual(0);
        expect(d.cropY).toBeLessThan(d.scaledHeight - 320); // numpy randint: upper bound exclusive
      } else {
        expect(d.cropY).toBe(0);
        expect(d.padTop).toBe((320 - d.scaledHeight) >> 1);
      }
      if (d.flip) flips++;
    }
    expect([...scales].sort()).toEqual([0.6, 0.8, 1, 1.2, 1.4]);
    expect(flips).toBeGreaterThan(150);
    expect(flips).toBeLessThan(250);
  });

  it('is deterministic from the seed', () => {
    const image = { width: 30, height: 20, data: Uint8Array.from({ length: 1800 }, (_, i) => i % 251) };
    const label = { width: 30, height: 20, data: Uint8Array.from({ length: 600 }, (_, i) => i % 20) };
    const a = augmentSsnanTrain(image, label, 9, { size: 24 });
    const b = augmentSsnanTrain(image, label, 9, { size: 24 });
    expect(a.decisions).toEqual(b.decisions);
    expect(Buffer.from(a.image.buffer).equals(Buffer.from(b.image.buffer))).toBe(true);
    expect(() => augmentSsnanTrain(image, { width: 3, height: 3, data: new Uint8Array(9) }, 1)).toThrow(/label is 3x3/);
  });
});
