import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import '../training.js';
import { atrousConv2d, atrousConv2dBySpaceToBatch } from './atrous-conv2d.js';
import { onBackend, relativeError, seededTensor, testBackends } from '../testing/test-backends.js';

interface AtrousCase {
  name: string;
  input: [number, number, number, number];
  filter: [number, number, number, number];
  rate: number | [number, number];
  padding: 'same' | 'valid';
}

const cases: AtrousCase[] = [
  { name: '3x3 rate 2 same, batch 2', input: [2, 9, 11, 3], filter: [3, 3, 3, 4], rate: 2, padding: 'same' },
  { name: '3x3 rate 4 same, sizes not multiples of 4', input: [2, 10, 13, 2], filter: [3, 3, 2, 3], rate: 4, padding: 'same' },
  { name: '3x3 rate 6 same (ASPP), input smaller than padding', input: [1, 8, 7, 2], filter: [3, 3, 2, 2], rate: 6, padding: 'same' },
  { name: '3x3 rate [2, 3] valid', input: [2, 12, 14, 3], filter: [3, 3, 3, 2], rate: [2, 3], padding: 'valid' },
  { name: '2x4 rate 2 same (even kernel)', input: [2, 9, 10, 2], filter: [2, 4, 2, 3], rate: 2, padding: 'same' },
];

const forwardNative = (c: AtrousCase, x: tf.Tensor4D, w: tf.Tensor4D) =>
  tf.conv2d(x, w, 1, c.padding, 'NHWC', typeof c.rate === 'number' ? [c.rate, c.rate] : c.rate);

function inputs(c: AtrousCase) {
  return { x: seededTensor(c.input, 11) as tf.Tensor4D, w: seededTensor(c.filter, 12) as tf.Tensor4D };
}

function gradients(c: AtrousCase, f: (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor): tf.Tensor[] {
  const { x, w } = inputs(c);
  const dy = seededTensor(forwardNative(c, x, w).shape, 13);
  return tf.grads((xi: tf.Tensor, wi: tf.Tensor) => tf.sum(tf.mul(f(xi as tf.Tensor4D, wi as tf.Tensor4D), dy)))([x, w]);
}

describe.each(testBackends())('atrousConv2d on %s', (backend) => {
  it.each(cases)('forward equals native dilated conv2d: $name', async (c) => {
    const [expected] = await onBackend('cpu', () => { const { x, w } = inputs(c); return forwardNative(c, x, w); });
    const [ours, spaceToBatch] = await onBackend(backend, () => {
      const { x, w } = inputs(c);
      return [atrousConv2d(x, w, c), atrousConv2dBySpaceToBatch(x, w, c)];
    });
    expect(relativeError(ours!, expected!)).toBeLessThanOrEqual(1e-5);
    expect(relativeError(spaceToBatch!, expected!)).toBeLessThanOrEqual(1e-5);
  });

  it.each(cases)('gradients equal the space-to-batch formulation on cpu: $name', async (c) => {
    const reference = await onBackend('cpu', () => gradients(c, (x, w) => atrousConv2dBySpaceToBatch(x, w, c)));
    const ours = await onBackend(backend, () => gradients(c, (x, w) => atrousConv2d(x, w, c)));
    expect(relativeError(ours[0]!, reference[0]!)).toBeLessThanOrEqual(1e-4);
    expect(relativeError(ours[1]!, reference[1]!)).toBeLessThanOrEqual(1e-4);
  });

  it('gradients agree with central finite differences', async () => {
    // The loss Σ dy·conv(x, w) is linear in each argument, so a central difference with a
    // unit step is exact up to float rounding; probe a spread of coordinates of x and w.
    const c = cases[1]!;
    const [dx, dw] = await onBackend(backend, () => gradients(c, (x, w) => atrousConv2d(x, w, c)));
    const probes = await onBackend(backend, () => {
      const { x, w } = inputs(c);
      const dy = seededTensor(forwardNative(c, x, w).shape, 13);
      const loss = (xi: tf.Tensor4D, wi: tf.Tensor4D) => tf.sum(tf.mul(atrousConv2d(xi, wi, c), dy));
      const bump = (t: tf.Tensor4D, index: number, delta: number) => {
        const values = t.dataSync().slice();
        values[index]! += delta;
        return tf.tensor(values, t.shape) as tf.Tensor4D;
      };
      const out: tf.Tensor[] = [];
      for (let k = 0; k < 12; k++) {
        const i = (k * 97) % x.size;
        out.push(tf.div(tf.sub(loss(bump(x, i, 1), w), loss(bump(x, i, -1), w)), 2));
        const j = (k * 31) % w.size;
        out.push(tf.div(tf.sub(loss(x, bump(w, j, 1)), loss(x, bump(w, j, -1))), 2));
      }
      return out;
    });
    for (let k = 0; k < 12; k++) {
      const i = (k * 97) % dx!.length;
      const j = (k * 31) % dw!.length;
      expect(probes[2 * k]![0]).toBeCloseTo(dx![i]!, 3);
      expect(probes[2 * k + 1]![0]).toBeCloseTo(dw![j]!, 3);
    }
  });

  it('takes the dilation-aware kernels on wasm and space-to-batch elsewhere', async () => {
    await onBackend(backend, () => tf.zeros([1]));
    const c = cases[0]!;
    const profile = await tf.profile(() => gradients(c, (x, w) => atrousConv2d(x, w, c)));
    const direct = ['LipAtrousConv2DBackpropInput', 'LipAtrousConv2DBackpropFilter'];
    if (backend === 'wasm') {
      expect(profile.kernelNames).toEqual(expect.arrayContaining(direct));
      expect(profile.kernelNames).not.toContain('SpaceToBatchND');
    } else {
      expect(profile.kernelNames).toContain('SpaceToBatchND');
      expect(profile.kernelNames).not.toContain(direct[0]);
    }
    tf.dispose(profile.result as tf.Tensor[]);
  });

  it('rate 1 is exactly one plain Conv2D kernel', async () => {
    await onBackend(backend, () => tf.zeros([1]));
    const { x, w } = inputs(cases[0]!);
    const profile = await tf.profile(() => atrousConv2d(x, w, { rate: 1 }));
    expect(profile.kernelNames).toEqual(['Conv2D']);
    tf.dispose([x, w, profile.result as tf.Tensor]);
  });

  it('keeps the tensor count flat across forward + backward steps', async () => {
    await onBackend(backend, () => tf.zeros([1]));
    const c = cases[0]!;
    const step = () => tf.tidy(() => { gradients(c, (x, w) => atrousConv2d(x, w, c)); });
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('atrousConv2d argument errors', () => {
  it('names the mismatch', () => {
    const x = tf.zeros([1, 8, 8, 3]) as tf.Tensor4D;
    expect(() => atrousConv2d(x, tf.zeros([3, 3, 4, 2]) as tf.Tensor4D, { rate: 2 })).toThrow('input has 3 channels but the filter expects 4');
    expect(() => atrousConv2d(x, tf.zeros([3, 3, 3, 2]) as tf.Tensor4D, { rate: 0 })).toThrow('rate must be a positive integer, got 0');
    expect(() => atrousConv2d(x, tf.zeros([3, 3, 3, 2]) as tf.Tensor4D, { rate: 4, padding: 'valid' })).toThrow('needs an input of at least 9, got 8');
  });
});
