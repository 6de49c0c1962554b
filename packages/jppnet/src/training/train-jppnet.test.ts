import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '@lip/runtime';
import { memoryCheckpointStore, train, type TrainingBatch } from '@lip/runtime/training';
import { augmentJppnetTrain, createJointHeatmaps } from '@lip/dataset';
import { generateSyntheticSample } from '@lip/dataset/synthetic';
import { createJppnet } from '../model/create-jppnet.js';
import type { JppnetTargets } from './jppnet-loss.js';
import { createJppnetTrainingStep } from './jppnet-training-step.js';
import { createJppnetOptimizer, TfMomentumOptimizer } from './tf-momentum-optimizer.js';

const SIZE = 48;
const config = { widthMultiplier: 1 / 32, blocksPerStage: [1, 1, 1, 1] as const, refinementStages: 1, headInitializer: 'he' as const };

/** Two synthetic LIP people through the JPPNet training pipeline at 48² (BGR − mean, labels, heatmaps / 255 at 6²). */
function syntheticBatch(): TrainingBatch<JppnetTargets> {
  const samples = [0, 1].map((i) => {
    const s = generateSyntheticSample(4, i, 64);
    return augmentJppnetTrain(s.image, s.label, createJointHeatmaps(s.joints, s.image.width, s.image.height), 10 + i, { inputSize: SIZE });
  });
  const cat = <T extends Float32Array | Uint8Array>(parts: T[], make: (n: number) => T) => {
    const out = make(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  };
  const g = SIZE / 8;
  return {
    inputs: tf.tensor4d(cat(samples.map((s) => s.image), (n) => new Float32Array(n)), [2, SIZE, SIZE, 3]),
    targets: {
      labels: tf.tensor3d(Int32Array.from(cat(samples.map((s) => s.label), (n) => new Uint8Array(n))), [2, SIZE, SIZE], 'int32'),
      heatmaps: tf.tensor4d(cat(samples.map((s) => s.heatmaps), (n) => new Float32Array(n)), [2, g, g, 16]),
    },
  };
}

let batch: TrainingBatch<JppnetTargets>;
beforeAll(async () => {
  await useBackend('wasm');
  batch = syntheticBatch();
});
afterAll(() => {
  tf.dispose([batch.inputs as tf.Tensor, batch.targets.labels, batch.targets.heatmaps!]);
});

describe('training JPPNet with @lip/runtime train()', () => {
  it('reduces both the parsing and the pose loss on a fixed batch, with frozen BN and tf.memory() flat', async () => {
    const jppnet = createJppnet({ ...config, seed: 3 });
    const parts: Array<{ parsing: number; pose: number }> = [];
    const step = createJppnetTrainingStep(jppnet, { onLoss: (p) => parts.push(p) });
    const optimizer = createJppnetOptimizer({ learningRate: 5e-4, numSteps: 100 });
    const movingMean = () => Array.from(jppnet.trunk.getLayer('bn_conv1').getWeights()[2]!.dataSync()); // gamma, beta, moving_mean, moving_variance
    const meanBefore = movingMean();
    const tensorCounts: number[] = [];
    const history = await train({
      model: jppnet.model,
      forward: step.forward,
      loss: step.loss,
      data: [batch],
      epochs: 8,
      optimizer,
      batchNormMode: 'frozen',
      log: false,
      onStep: () => {
        tensorCounts.push(tf.memory().numTensors);
      },
    });
    expect(history.steps).toHaveLength(8);
    const first = parts[0]!;
    const last = parts[parts.length - 1]!;
    expect(last.parsing).toBeLessThan(0.8 * first.parsing);
    expect(last.pose).toBeLessThan(0.8 * first.pose);
    // 2 stages × (fused + 3 scales) terms each.
    expect(history.steps[0]!.loss).toBeCloseTo(first.parsing + first.pose, 2);
    expect(history.steps[1]!.lr).toBeCloseTo(5e-4 * (1 - 1 / 100) ** 0.9, 8);
    // Optimizer slots appear at the first update; after that nothing accumulates.
    expect(new Set(tensorCounts.slice(1)).size).toBe(1);
    expect(movingMean()).toEqual(meanBefore);
    optimizer.dispose();
    jppnet.dispose();
  });

  it('resumes from a checkpoint to the same weights as an uninterrupted run (momentum slots and step restored)', async () => {
    const run = async (epochs: number, store: ReturnType<typeof memoryCheckpointStore>, resume: boolean, jppnetSeed: number) => {
      const jppnet = createJppnet({ ...config, seed: jppnetSeed });
      const step = createJppnetTrainingStep(jppnet);
      const optimizer = createJppnetOptimizer({ learningRate: 1e-3, numSteps: 50 });
      await train({ model: jppnet.model, forward: step.forward, loss: step.loss, data: [batch], epochs, optimizer, batchNormMode: 'frozen', log: false, checkpoint: { store }, resume });
      const weights = jppnet.model.getWeights().map((w) => Array.from(w.dataSync()));
      optimizer.dispose();
      jppnet.dispose();
      return weights;
    };
    const straight = await run(2, memoryCheckpointStore(), false, 8);
    const store = memoryCheckpointStore();
    await run(1, store, false, 8);
    // A different initial model: everything must come from the checkpoint.
    const resumed = await run(2, store, true, 99);
    expect(resumed).toEqual(straight);
  });
});

describe('TfMomentumOptimizer', () => {
  it('applies TensorFlow momentum with the per-step poly rate: acc ← m·acc + g; w ← w − lr_t·acc', async () => {
    const w = tf.variable(tf.tensor1d([1, -2]), true, 'tf_momentum_test_w');
    const optimizer = new TfMomentumOptimizer({ learningRate: 0.1, numSteps: 4, momentum: 0.9 });
    const g = tf.tensor1d([0.5, 1]);
    const rates = [0, 1, 2].map((t) => 0.1 * (1 - t / 4) ** 0.9);
    let acc = [0, 0];
    let expected = [1, -2];
    for (const lr of rates) {
      expect(optimizer.currentLearningRate()).toBeCloseTo(lr, 10);
      optimizer.applyGradients({ tf_momentum_test_w: g });
      acc = acc.map((a, i) => 0.9 * a + g.dataSync()[i]!);
      expected = expected.map((v, i) => v - Math.fround(lr) * acc[i]!);
    }
    const values = Array.from(w.dataSync());
    values.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
    // Keras' formulation (v ← m·v − lr·g) gives something else once the rate changes.
    let v = [0, 0];
    let keras = [1, -2];
    for (const lr of rates) {
      v = v.map((x, i) => 0.9 * x - lr * g.dataSync()[i]!);
      keras = keras.map((x, i) => x + v[i]!);
    }
    expect(Math.abs(keras[1]! - values[1]!)).toBeGreaterThan(1e-3);
    const saved = await optimizer.getWeights();
    expect(saved.map((s) => s.name)).toEqual(['iter', 'tf_momentum_test_w/momentum']);
    expect(saved[0]!.tensor.dataSync()[0]).toBe(3);
    expect(() => new TfMomentumOptimizer({ momentum: -1 })).toThrow(/momentum must be a finite number ≥ 0/);
    expect(() => new TfMomentumOptimizer({ clipNorm: 0 })).toThrow(/clipNorm must be > 0/);
    // Optional global-norm clipping (not in the reference): ‖(0.5, 1)‖ = 1.118 is scaled to 0.5.
    const v2 = tf.variable(tf.tensor1d([0, 0]), true, 'tf_momentum_clip_v');
    const clipped = new TfMomentumOptimizer({ learningRate: 1, numSteps: 100, power: 1, clipNorm: 0.5 });
    clipped.applyGradients({ tf_momentum_clip_v: g });
    const scale = 0.5 / Math.hypot(0.5, 1);
    Array.from(v2.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(-[0.5, 1][i]! * scale, 5));
    clipped.dispose();
    v2.dispose();
    saved[0]!.tensor.dispose();
    tf.dispose([w, g]);
    optimizer.dispose();
  });
});
