import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { onBackend, relativeError, testBackends } from '@lip/runtime/testing';
import { scaledSide } from '@lip/schema';
import { BilinearResizeLike, ScaledBilinearResize, WeightedScaleSum } from '../internal.js';

interface ResizeCase { shape: [number, number, number, number]; size: [number, number]; input: string; expected: string }
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/resize_bilinear.json', import.meta.url), 'utf8')) as { cases: ResizeCase[] };
const f32 = (b64: string) => {
  const bytes = Buffer.from(b64, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};

describe.each(testBackends())('bilinear resizes on %s', (backend) => {
  it.each(fixture.cases.map((c) => [`${c.shape.join('x')} -> ${c.size.join('x')}`, c] as const))(
    "tfjs resizeBilinear(alignCorners=false, halfPixelCenters=false) is TF1 resize_bilinear: %s",
    async (_name, c) => {
      const [actual] = await onBackend(backend, () => tf.image.resizeBilinear(tf.tensor4d(f32(c.input), c.shape), c.size, false, false));
      expect(relativeError(actual!, f32(c.expected))).toBeLessThan(1e-6);
    },
  );

  it('the head layers resize as the reference: int(side·s), ceil(side/8), and the input size', async () => {
    const [scaled, grid, full] = await onBackend(backend, () => {
      const image = tf.randomUniform([1, 37, 45, 3], -1, 1, 'float32', 4) as tf.Tensor4D;
      const features = tf.randomUniform([1, 4, 5, 2], -1, 1, 'float32', 5) as tf.Tensor4D;
      return [
        new ScaledBilinearResize({ scale: 0.75 }).apply(image) as tf.Tensor,
        new BilinearResizeLike({ stride: 8 }).apply([features, image]) as tf.Tensor,
        new BilinearResizeLike({ stride: 1 }).apply([features, image]) as tf.Tensor,
      ].map((t) => tf.tensor1d(t.shape));
    });
    expect(Array.from(scaled!)).toEqual([1, 27, 33, 3]);
    expect(Array.from(grid!)).toEqual([1, 5, 6, 2]);
    expect(Array.from(full!)).toEqual([1, 37, 45, 2]);
    expect([scaledSide(320, 0.5), scaledSide(320, 0.75), scaledSide(640, 0.75), scaledSide(65, 0.75)]).toEqual([160, 240, 480, 48]);
  });

  it('weigthed_features is Σ_i feature_i · attention_i', async () => {
    const [actual, expected] = await onBackend(backend, () => {
      const f = [0, 1, 2].map((i) => tf.randomUniform([1, 3, 3, 4], -1, 1, 'float32', 10 + i));
      const att = tf.softmax(tf.randomUniform([1, 3, 3, 3], -1, 1, 'float32', 20));
      const manual = tf.addN(f.map((fi, i) => tf.mul(fi, tf.slice(att, [0, 0, 0, i], [-1, -1, -1, 1]))));
      return [new WeightedScaleSum({}).apply([...f, att]) as tf.Tensor, manual];
    });
    expect(relativeError(actual!, expected!)).toBeLessThan(1e-6);
  });
});

describe('layer errors', () => {
  it('name what was wrong', async () => {
    await onBackend('cpu', () => tf.zeros([1]));
    expect(() => new ScaledBilinearResize({ scale: 0 })).toThrow(/scale must be > 0/);
    expect(() => new BilinearResizeLike({ stride: 0.5 })).toThrow(/stride must be an integer ≥ 1/);
    const x = tf.zeros([1, 2, 2, 3]);
    expect(() => new ScaledBilinearResize({ scale: 0.25, name: 'tiny' }).apply(x)).toThrow(/tiny: input 2x2 scaled by 0.25 is empty/);
    expect(() => new WeightedScaleSum({ name: 'w' }).apply([x, x, tf.zeros([1, 2, 2, 3])])).toThrow(/w: attention has 3 channels for 2 scale features/);
    expect(() => new BilinearResizeLike({ stride: 8, name: 'r' }).apply(x)).toThrow(/r: expects two inputs/);
  });
});
