import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '@lip/runtime';
import { SSNAN_MEAN_RGB } from '@lip/schema';
import { letterboxPlan, moldImage, unmoldProbabilities } from './letterbox.js';

beforeAll(async () => {
  await useBackend('cpu');
});

describe('letterboxPlan (SS-NAN resize_image with padding)', () => {
  it('keeps an image that fits, padding it centred (extra row at the bottom)', () => {
    expect(letterboxPlan([480, 640], [640, 640])).toEqual({ imageSize: [480, 640], inputSize: [640, 640], scale: 1, resized: [480, 640], top: 80, left: 0 });
    expect(letterboxPlan([300, 201], [473, 473])).toMatchObject({ scale: 1, resized: [300, 201], top: 86, left: 136 });
  });

  it('shrinks the long side to the input side, keeping the aspect ratio', () => {
    const plan = letterboxPlan([1000, 500], [473, 473]);
    expect(plan.scale).toBeCloseTo(0.473, 12);
    expect(plan.resized).toEqual([473, 236]); // Python round(236.5) = 236 (half to even), as SS-NAN computes it
    expect([plan.top, plan.left]).toEqual([0, 118]);
  });

  it('upscales only when the short side is below minDim (SS-NAN evaluation uses 120), still capped by the input', () => {
    expect(letterboxPlan([50, 100], [640, 640], 120)).toMatchObject({ scale: 2.4, resized: [120, 240], top: 260, left: 200 });
    expect(letterboxPlan([100, 400], [320, 320], 120)).toMatchObject({ scale: 0.8, resized: [80, 320] });
    expect(letterboxPlan([200, 300], [640, 640], 120)).toMatchObject({ scale: 1, resized: [200, 300] });
  });

  it('fits non-square inputs on both axes', () => {
    expect(letterboxPlan([100, 100], [50, 80])).toMatchObject({ scale: 0.5, resized: [50, 50], top: 0, left: 15 });
  });

  it('rejects sizes that are not positive integers', () => {
    expect(() => letterboxPlan([0, 10], [473, 473])).toThrow(/image height must be a positive integer, got 0/);
    expect(() => letterboxPlan([10, 10], [473, 47.5])).toThrow(/input width must be a positive integer, got 47.5/);
  });
});

describe('moldImage / unmoldProbabilities', () => {
  it('pads with zeros before subtracting the mean, so padding becomes −mean (SS-NAN), and swaps to BGR on request', () => {
    const image = tf.tensor3d([10, 20, 30, 40, 50, 60], [1, 2, 3]);
    const plan = letterboxPlan([1, 2], [3, 4]);
    const rgb = moldImage(image, plan);
    expect(rgb.shape).toEqual([1, 3, 4, 3]);
    const values = rgb.arraySync()[0]!;
    const [r, g, b] = SSNAN_MEAN_RGB;
    expect(values[0]![0]).toEqual([-r, -g, -b].map((v) => Math.fround(v)));
    expect(values[1]![1]!.map((v) => Math.round(v * 10) / 10)).toEqual([10 - r, 20 - g, 30 - b].map((v) => Math.round(v * 10) / 10));
    expect(values[1]![2]!.map((v) => Math.round(v * 10) / 10)).toEqual([40 - r, 50 - g, 60 - b].map((v) => Math.round(v * 10) / 10));
    const bgr = moldImage(image, plan, { mean: [0, 0, 0], channelOrder: 'bgr' });
    expect(bgr.arraySync()[0]![1]![1]).toEqual([30, 20, 10]);
    tf.dispose([image, rgb, bgr]);
  });

  it('resizes a large image into the window and the probabilities back to the image size', () => {
    const image = tf.fill([8, 4, 3], 100) as tf.Tensor3D;
    const plan = letterboxPlan([8, 4], [4, 4]);
    expect(plan).toMatchObject({ resized: [4, 2], top: 0, left: 1 });
    const x = moldImage(image, plan, { mean: [0, 0, 0] });
    expect(x.arraySync()[0]!.map((row) => row.map((p) => p[0]))).toEqual([[0, 100, 100, 0], [0, 100, 100, 0], [0, 100, 100, 0], [0, 100, 100, 0]]);
    // Class 1 wins in the window's top half, class 0 in the bottom half.
    const probs = tf.tidy(() => {
      const top = tf.tile(tf.tensor4d([0.2, 0.8], [1, 1, 1, 2]), [1, 2, 4, 1]);
      const bottom = tf.tile(tf.tensor4d([0.9, 0.1], [1, 1, 1, 2]), [1, 2, 4, 1]);
      return tf.concat([top, bottom], 1) as tf.Tensor4D;
    });
    const labels = unmoldProbabilities(probs, plan);
    expect(labels.dtype).toBe('int32');
    expect(labels.arraySync()).toEqual([[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]);
    tf.dispose([image, x, probs, labels]);
  });

  it('names what it expected for a bad image', () => {
    const grey = tf.zeros([4, 4, 1]) as tf.Tensor3D;
    expect(() => moldImage(grey, letterboxPlan([4, 4], [8, 8]))).toThrow(/expected an RGB image tensor \[height, width, 3\], got shape \[4,4,1\]/);
    const rgb = tf.zeros([4, 5, 3]) as tf.Tensor3D;
    expect(() => moldImage(rgb, letterboxPlan([4, 4], [8, 8]))).toThrow(/the image is 4×5 but the letterbox plan was made for 4×4/);
    tf.dispose([grey, rgb]);
  });
});
