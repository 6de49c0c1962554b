import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import '../index.js';
import { useBackend } from '../backend/use-backend.js';
import { withDropoutSeed } from './dropout-seed-scope.js';
import { SeededDropout, seededDropout } from './seeded-dropout.js';

describe('SeededDropout', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  const x = () => tf.ones([2, 8, 8, 4]);
  const mask = (layer: SeededDropout, training = true) => tf.tidy(() => Array.from((layer.apply(x(), { training }) as tf.Tensor).dataSync()));

  it('draws the same mask for the same step seed, a different one for another step or layer, and scales by 1/(1−rate)', () => {
    const a = seededDropout({ rate: 0.25, name: 'drop_a' });
    const b = seededDropout({ rate: 0.25, name: 'drop_b' });
    const m1 = withDropoutSeed(7, () => mask(a));
    expect(withDropoutSeed(7, () => mask(a))).toEqual(m1);
    expect(withDropoutSeed(8, () => mask(a))).not.toEqual(m1);
    expect(withDropoutSeed(7, () => mask(b))).not.toEqual(m1);
    expect(new Set(m1)).toEqual(new Set([0, Math.fround(1 / 0.75)]));
    const dropped = m1.filter((v) => v === 0).length / m1.length;
    expect(dropped).toBeGreaterThan(0.15);
    expect(dropped).toBeLessThan(0.35);
  });

  it('gives a shared layer a new mask at each call within a step, in call order', () => {
    const a = seededDropout({ rate: 0.5, name: 'shared_drop' });
    const [first, second] = withDropoutSeed(3, () => [mask(a), mask(a)]);
    expect(first).not.toEqual(second);
    expect(withDropoutSeed(3, () => [mask(a), mask(a)])).toEqual([first, second]);
  });

  it('is the identity at inference, and outside a scope uses seed + call count (or no seed, like Keras)', () => {
    const seeded = seededDropout({ rate: 0.5, seed: 5, name: 'd1' });
    expect(mask(seeded, false)).toEqual(new Array(2 * 8 * 8 * 4).fill(1));
    const first = mask(seeded);
    const second = mask(seeded);
    expect(first).not.toEqual(second); // tfjs' own Dropout with a seed repeats one mask forever
    const again = seededDropout({ rate: 0.5, seed: 5, name: 'd2' });
    expect([mask(again), mask(again)]).toEqual([first, second]);
    expect(mask(seededDropout({ rate: 0, name: 'd3' }))).toEqual(new Array(2 * 8 * 8 * 4).fill(1));
    expect(() => seededDropout({ rate: 1.5 })).toThrow(/rate must be in \[0, 1\], got 1.5/);
  });

  it('serialises with the Keras Dropout config under its own class name', async () => {
    const input = tfl.input({ shape: [4] });
    const model = tfl.model({ inputs: input, outputs: seededDropout({ rate: 0.3, seed: 9, noiseShape: [1, 4], name: 'drop' }).apply(input) as tfl.SymbolicTensor });
    const json = model.toJSON(null, false) as { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
    const layer = json.config.layers[1]!;
    expect(layer.class_name).toBe('SeededDropout');
    expect(layer.config).toMatchObject({ rate: 0.3, seed: 9, noise_shape: [1, 4], name: 'drop' });
    const restored = await tfl.models.modelFromJSON({ modelTopology: json } as never);
    expect(restored.getLayer('drop')).toBeInstanceOf(SeededDropout);
  });
});
