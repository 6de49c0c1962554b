import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import '../../index.js'; // useBackend('wasm') installs it: an inference kernel, no training entry needed
import { useBackend } from '../../backend/use-backend.js';
import { relativeError, seededTensor } from '../../testing/test-backends.js';
import { fusedBatchNormConfig } from './FusedBatchNorm.js';

interface Case { name: string; x: number[]; params: number[]; scale?: boolean; offset?: boolean }

const cases: Case[] = [
  { name: 'NHWC, per-channel parameters', x: [2, 5, 6, 7], params: [7], scale: true, offset: true },
  { name: 'no scale', x: [2, 5, 6, 7], params: [7], offset: true },
  { name: 'no offset', x: [2, 5, 6, 7], params: [7], scale: true },
  { name: 'neither', x: [1, 3, 4, 2], params: [2] },
  { name: 'rank-4 parameters [1, 1, 1, C]', x: [2, 4, 3, 5], params: [1, 1, 1, 5], scale: true, offset: true },
  { name: 'rank 2', x: [6, 4], params: [4], scale: true, offset: true },
  { name: 'rank 3', x: [3, 4, 5], params: [5], scale: true, offset: true },
  { name: 'full-size parameters', x: [2, 3, 4], params: [2, 3, 4], scale: true, offset: true },
];

/** tf.batchNorm of one case, parameters from seeds (variance positive). */
function batchNorm(c: Case): tf.Tensor {
  return tf.tidy(() => {
    const x = seededTensor(c.x, 1);
    const mean = seededTensor(c.params, 2);
    const variance = tf.add(tf.abs(seededTensor(c.params, 3)), 0.1);
    const offset = c.offset ? seededTensor(c.params, 4) : undefined;
    const scale = c.scale ? seededTensor(c.params, 5) : undefined;
    return tf.batchNorm(x, mean, variance, offset, scale, 1e-3);
  });
}

describe('wasm FusedBatchNorm (x·s + t on XNNPACK binary kernels)', () => {
  const expected = new Map<string, Float32Array>();
  beforeAll(async () => {
    await useBackend('cpu');
    for (const c of cases) expected.set(c.name, batchNorm(c).dataSync() as Float32Array);
    await useBackend('wasm');
  });

  it('is the kernel wasm runs', () => {
    expect(tf.getKernel('FusedBatchNorm', 'wasm')?.kernelFunc).toBe(fusedBatchNormConfig.kernelFunc);
  });

  it.each(cases)('matches tfjs-cpu: $name', (c) => {
    const before = tf.engine().backend.numDataIds();
    const y = batchNorm(c);
    expect(y.shape).toEqual(c.x);
    expect(relativeError(y.dataSync(), expected.get(c.name)!)).toBeLessThan(1e-6);
    y.dispose();
    expect(tf.engine().backend.numDataIds()).toBe(before); // every intermediate freed
  });
});
