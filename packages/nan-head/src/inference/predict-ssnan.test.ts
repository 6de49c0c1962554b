import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '@lip/runtime';
import { createSsnan, predictSsnan } from '../index.js';
import { argmaxClasses, unmouldSsnanProbabilities, zoomSplineOrder2 } from '../internal.js';
import { computeSsnanResize, type RgbImage } from '@lip/schema';

beforeAll(async () => {
  await useBackend('wasm');
});

function oddImage(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    const x = i % width;
    const y = Math.floor(i / width);
    data.set([(x * 37) % 256, (y * 53) % 256, ((x ^ y) * 29) % 256], i * 3);
  }
  return { width, height, data };
}

describe('un-moulding (SS-NAN unmold_detections)', () => {
  it('crops the window out of mask_prob and zooms it (order 2) to the original size', () => {
    const size = 16;
    const classes = 3;
    const maskProb = Float32Array.from({ length: size * size * classes }, (_, i) => ((i * 7919) % 101) / 101);
    const window = [3, 1, 12, 15] as const; // 9 × 14, odd height
    const out = unmouldSsnanProbabilities(maskProb, size, classes, window, 20, 13);
    const crop = new Float32Array(9 * 14 * classes);
    for (let y = 0; y < 9; y++) for (let x = 0; x < 14; x++) for (let c = 0; c < classes; c++) crop[(y * 14 + x) * classes + c] = maskProb[((3 + y) * size + 1 + x) * classes + c]!;
    expect(Array.from(out)).toEqual(Array.from(zoomSplineOrder2(crop, 9, 14, classes, 13, 20)));
    expect(Array.from(unmouldSsnanProbabilities(maskProb, size, classes, window, 14, 9))).toEqual(Array.from(crop));
    expect(() => unmouldSsnanProbabilities(maskProb, size, classes, [3, 1, 17, 15], 20, 13)).toThrow(/window \[3, 1, 17, 15\] does not fit in 16x16/);
    expect(() => unmouldSsnanProbabilities(maskProb.subarray(1), size, classes, window, 20, 13)).toThrow(/expected 16x16x3/);
  });

  it('argmax keeps the first maximum', () => {
    expect(Array.from(argmaxClasses(Float32Array.from([0.2, 0.5, 0.5, 0.9, 0.05, 0.05]), 3))).toEqual([1, 0]);
  });

  it('predictSsnan returns labels at the original size of an odd-sized image (down- and up-scaled)', async () => {
    const ssnan = createSsnan({ widthMultiplier: 1 / 32, blocksPerStage: [1, 1, 1, 1], seed: 2 });
    const before = tf.memory().numTensors;
    for (const [w, h, options] of [[45, 31, { maxDim: 32, minDim: 8 }], [23, 37, { maxDim: 64, minDim: 30 }]] as const) {
      const image = oddImage(w, h);
      const result = await predictSsnan(ssnan, image, { ...options, returnProbabilities: true });
      const expectedGeometry = computeSsnanResize(w, h, options.minDim, options.maxDim);
      expect(result.geometry).toEqual(expectedGeometry);
      expect(result.labels.width).toBe(w);
      expect(result.labels.height).toBe(h);
      expect(result.labels.data).toHaveLength(w * h);
      const probabilities = result.probabilities!;
      expect(probabilities).toHaveLength(w * h * 20);
      expect(Array.from(result.labels.data)).toEqual(Array.from(argmaxClasses(probabilities, 20)));
      // the order-2 spline is linear and reproduces constants, so the 20 probabilities still sum to 1
      for (let p = 0; p < w * h; p += 97) {
        let sum = 0;
        for (let c = 0; c < 20; c++) sum += probabilities[p * 20 + c]!;
        expect(sum).toBeCloseTo(1, 5);
      }
    }
    expect(tf.memory().numTensors).toBe(before);
    await expect(predictSsnan(ssnan, { width: 3, height: 3, data: new Uint8Array(5) })).rejects.toThrow(/image data has 5 values, expected 3x3x3 = 27/);
    await expect(predictSsnan(ssnan, { width: 3, height: 3, data: [1, 2] as unknown as Uint8Array })).rejects.toThrow(/image must be \{width, height, data: Uint8Array\}/);
    ssnan.dispose();
  });
});
