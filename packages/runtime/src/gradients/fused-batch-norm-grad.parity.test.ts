import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import '../training.js';
import { useBackend } from '../backend/use-backend.js';
import { onBackend, relativeError, seededTensor, testBackends } from '../testing/test-backends.js';
import { fusedBatchNormGradConfig } from './fused-batch-norm-grad.js';

const EPSILON = 1e-3;

// With scale and offset, as Keras' BatchNormalization passes them (without either, tfjs' engine itself fails to
// differentiate the kernel, whichever gradient is registered).
interface Case {
  name: string;
  x: number[];
}

const cases: Case[] = [
  { name: 'rank 4 (conv features)', x: [2, 5, 6, 3] },
  { name: 'rank 4, more channels', x: [3, 4, 2, 7] },
  { name: 'rank 2 (dense features)', x: [7, 4] },
  { name: 'rank 3', x: [3, 5, 4] },
];

/**
 * Gradients of Σ w·BN(x) with respect to x, mean, variance, scale and offset, once through the FusedBatchNorm
 * kernel (`batchNorm`, whose gradient is ours) and once through the same formula spelt with elementwise ops
 * (tfjs' own gradients of sub, mul, rsqrt, add).
 */
function gradients(c: Case, fused: boolean): tf.Tensor[] {
  const channels = c.x[c.x.length - 1]!;
  const x = seededTensor(c.x, 1);
  const w = seededTensor(c.x, 2);
  const mean = tf.mul(seededTensor([channels], 3), 0.3);
  const variance = tf.add(tf.abs(seededTensor([channels], 4)), 0.2);
  const scale = tf.add(seededTensor([channels], 5), 1.5);
  const offset = seededTensor([channels], 6);
  const f = (...t: tf.Tensor[]): tf.Scalar => {
    const [tx, tm, tv, ts, to] = t as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    const y = fused
      ? tf.batchNorm(tx, tm, tv, to, ts, EPSILON)
      : tf.add(tf.mul(tf.mul(tf.sub(tx, tm), tf.rsqrt(tf.add(tv, EPSILON))), ts), to);
    return tf.sum(tf.mul(y, w));
  };
  return tf.grads(f)([x, mean, variance, scale, offset]);
}

describe('FusedBatchNorm gradient without tile', () => {
  for (const backend of testBackends()) {
    for (const c of cases) {
      it(`${backend}: ${c.name} matches the elementwise formula's gradients`, async () => {
        const ours = await onBackend(backend, () => gradients(c, true));
        const reference = await onBackend(backend, () => gradients(c, false));
        expect(ours).toHaveLength(reference.length);
        for (let i = 0; i < ours.length; i++) expect(relativeError(ours[i]!, reference[i]!)).toBeLessThan(1e-5);
      });
    }

    it(`${backend}: stays registered once the backend is loaded, and runs no Tile`, async () => {
      await useBackend(backend);
      expect(tf.getGradient(tf.FusedBatchNorm)).toBe(fusedBatchNormGradConfig);
      const before = tf.memory().numTensors;
      const profile = await tf.profile(() => tf.tidy(() => gradients(cases[0]!, true)));
      tf.dispose(profile.result as tf.Tensor[]);
      const kernels = profile.kernels.map((k) => k.name);
      expect(kernels).toContain('FusedBatchNorm');
      expect(kernels).not.toContain('Tile');
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
