import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../backend/use-backend.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { PolyAdamOptimizer } from './poly-adam-optimizer.js';

beforeAll(async () => {
  await useBackend('cpu');
});

describe('PolyAdamOptimizer', () => {
  it('decays the rate as lr·(1 − t/numSteps)^0.9 and updates as Adam at that rate', () => {
    const optimizer = new PolyAdamOptimizer(0.01, 4);
    const w = tf.variable(tf.tensor1d([1, -2, 3]));
    const grads = [[0.5, 0.1, -1], [-0.3, 0.2, 0.7], [1, 1, 1]];
    const rates: number[] = [];
    // Adam by hand (β1 0.9, β2 0.999, ε 1e-8, bias-corrected), each step at the scheduled rate.
    const expected = [1, -2, 3];
    const m = [0, 0, 0];
    const v = [0, 0, 0];
    for (const [i, g] of grads.entries()) {
      const rate = optimizer.currentLearningRate();
      rates.push(rate);
      const gradient = tf.tensor1d(g);
      optimizer.applyGradients([{ name: w.name, tensor: gradient }]);
      gradient.dispose();
      for (let k = 0; k < 3; k++) {
        m[k] = 0.9 * m[k]! + 0.1 * g[k]!;
        v[k] = 0.999 * v[k]! + 0.001 * g[k]! ** 2;
        const mHat = m[k]! / (1 - 0.9 ** (i + 1));
        const vHat = v[k]! / (1 - 0.999 ** (i + 1));
        expected[k] = expected[k]! - (rate * mHat) / (Math.sqrt(vHat) + 1e-8);
      }
    }
    expect(rates[0]).toBe(0.01);
    expect(rates[1]).toBeCloseTo(0.01 * 0.75 ** 0.9, 12);
    expect(rates[2]).toBeCloseTo(0.01 * 0.5 ** 0.9, 12);
    expect(optimizer.currentLearningRate()).toBeCloseTo(0.01 * 0.25 ** 0.9, 12);
    const actual = Array.from(w.dataSync());
    for (let k = 0; k < 3; k++) expect(actual[k]).toBeCloseTo(expected[k]!, 5);
    w.dispose();
    optimizer.dispose();
  });

  it('reaches 0 at numSteps and refuses bad settings', () => {
    expect(() => new PolyAdamOptimizer(0, 10)).toThrow(/rate > 0 and numSteps ≥ 1/);
    expect(() => new PolyAdamOptimizer(1e-3, 0)).toThrow(/rate > 0 and numSteps ≥ 1/);
  });
});
