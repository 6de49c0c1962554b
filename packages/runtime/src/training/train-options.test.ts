import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import '../training.js';
import { useBackend } from '../backend/use-backend.js';
import { memoryCheckpointStore } from './checkpoint-store.js';
import { KerasSGD } from './keras-sgd.js';
import { polyDecay } from './learning-rate-schedule.js';
import type { ProgressReporter } from './progress-reporter.js';
import { train } from './train.js';
import { skipBatches, type TrainingBatch } from './training-data.js';

beforeAll(async () => {
  await useBackend('cpu');
});

/** A dense model small enough that these tests are about the loop, not the maths. */
function dense(name = 'tiny'): tfl.LayersModel {
  const input = tfl.input({ shape: [4], name: 'x' });
  const hidden = tfl.layers.dense({ units: 3, name: 'hidden', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }).apply(input) as tfl.SymbolicTensor;
  const out = tfl.layers.dense({ units: 1, name: 'out', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }).apply(hidden) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: out, name });
}
const batch = (i: number): { inputs: tf.Tensor; targets: tf.Tensor } => tf.tidy(() => ({ inputs: tf.fill([3, 4], (i % 5) / 5), targets: tf.fill([3, 1], i % 2) }));
const mse = (out: tf.Tensor | tf.Tensor[], y: tf.Tensor) => tf.losses.meanSquaredError(y, out as tf.Tensor) as tf.Scalar;
const opt = () => new KerasSGD({ learningRate: polyDecay({ base: 0.1, total: 4, per: 'epoch' }), momentum: 0.9 });

describe('train() data forms and options', () => {
  it('takes one stream across epochs (stepsPerEpoch required) and resumes it at the right batch', async () => {
    function* stream() {
      for (let i = 0; ; i++) yield batch(i);
    }
    await expect(train({ model: dense(), optimizer: opt(), data: stream(), epochs: 1, loss: mse, log: false })).rejects.toThrow(/stepsPerEpoch is required when data is a single \(async\) iterable/);
    const reference = dense();
    const full = await train({ model: reference, optimizer: opt(), data: stream(), stepsPerEpoch: 3, epochs: 3, loss: mse, log: false });
    expect(full.steps.map((s) => s.epoch)).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2]);
    const store = memoryCheckpointStore();
    await expect(train({ model: dense(), optimizer: opt(), data: stream(), stepsPerEpoch: 3, epochs: 3, loss: mse, log: false, checkpoint: { store, everySteps: 4 }, onStep: (r) => { if (r.step === 5) throw new Error('crash'); } })).rejects.toThrow('crash');
    expect(store.latest!.state).toMatchObject({ step: 4, epoch: 1, stepInEpoch: 1, batchesDrawn: 4 });
    const model = dense();
    const resumed = await train({ model, optimizer: opt(), data: stream(), stepsPerEpoch: 3, epochs: 3, loss: mse, log: false, checkpoint: { store }, resume: true });
    expect(resumed.steps.map((s) => s.loss)).toEqual(full.steps.slice(4).map((s) => s.loss));
    model.weights.forEach((w, i) => expect(Array.from(w.read().dataSync())).toEqual(Array.from(reference.weights[i]!.read().dataSync())));
  });

  it('stops a factory epoch at stepsPerEpoch (closing its iterator), and records lr, images and epochs', async () => {
    let made = 0;
    let closed = 0;
    const history = await train({
      model: dense(), optimizer: opt(), epochs: 2, stepsPerEpoch: 2, loss: mse, log: false,
      data: function* () {
        try {
          for (let i = 0; i < 10; i++) { made++; yield batch(i); }
        } finally { closed++; }
      },
    });
    expect(made).toBe(4);
    expect(closed).toBe(2);
    expect(history.steps.map((s) => [s.step, s.epoch, s.stepInEpoch, s.images])).toEqual([[0, 0, 0, 3], [1, 0, 1, 3], [2, 1, 0, 3], [3, 1, 1, 3]]);
    expect(history.steps.map((s) => s.lr)).toEqual([0.1, 0.1, 0.1 * 0.75 ** 0.9, 0.1 * 0.75 ** 0.9]);
    expect(history.epochs.map((e) => e.steps)).toEqual([2, 2]);
    expect(history.epochs[0]!.meanLoss).toBeCloseTo((history.steps[0]!.loss + history.steps[1]!.loss) / 2, 6);
  });

  it('says clearly what is wrong with the data, the loss or the options', async () => {
    const model = dense();
    await expect(train({ model, optimizer: opt(), epochs: 1, loss: mse, log: false, data: (() => 42) as never })).rejects.toThrow(/the data factory returned 42 for epoch 0, not an \(async\) iterable/);
    await expect(train({ model, optimizer: opt(), epochs: 1, loss: mse, log: false, data: () => [] })).rejects.toThrow(/the data gave no batches for epoch 1/);
    await expect(train({ model, optimizer: opt(), epochs: 1, loss: mse, log: false, data: 7 as never })).rejects.toThrow(/data must be an array of batches, a batch factory function or an \(async\) iterable/);
    const b = batch(0);
    await expect(train({ model, optimizer: opt(), epochs: 1, log: false, data: [b], loss: (out) => out as tf.Scalar })).rejects.toThrow(/loss must return a scalar tensor, got shape \[3,1\] at step 0/);
    await expect(train({ model, optimizer: opt(), epochs: 1, log: false, data: [{ inputs: { y: b.inputs }, targets: b.targets }], loss: mse })).rejects.toThrow(/the batch has no input named 'x' \(model inputs: x\)/);
    await expect(train({ model, optimizer: opt(), epochs: 1, log: false, data: [b], loss: mse, resume: true })).rejects.toThrow(/resume needs checkpoint\.store/);
    await expect(train({ model, optimizer: opt(), epochs: 1.5, log: false, data: [b], loss: mse })).rejects.toThrow(/epochs must be a non-negative integer, got 1.5/);
    await expect(train({ model, optimizer: opt(), epochs: 1, log: false, data: [b], loss: mse, batchNormMode: 'moving' as never })).rejects.toThrow(/batchNormMode must be 'batch-statistics', 'frozen' or a function/);
    tf.dispose([b.inputs, b.targets]);
  });

  it('accepts named inputs, reports through a custom reporter, and starts from scratch when resume finds nothing', async () => {
    const events: string[] = [];
    const reporter: ProgressReporter = {
      step: (p) => events.push(`step ${p.step}/${p.remainingSteps}`),
      epochEnd: (p) => events.push(`epoch ${p.epoch}`),
      message: (m) => events.push(m),
      close: () => events.push('close'),
    };
    const b = batch(1);
    const store = memoryCheckpointStore();
    await train({ model: dense(), optimizer: opt(), epochs: 2, data: [{ inputs: { x: b.inputs }, targets: b.targets }], loss: mse, log: reporter, resume: true, checkpoint: { store } });
    expect(events).toEqual(['no checkpoint in memory: starting from scratch', 'step 1/1', 'epoch 0', 'checkpoint: step 1 → memory (step 1)', 'step 2/0', 'epoch 1', 'checkpoint: step 2 → memory (step 2)', 'close']);
    expect(store.saves).toBe(2);
    tf.dispose([b.inputs, b.targets]);
  });

  it('walks into nested models for the trainable selection and the BatchNorm mode', async () => {
    const innerIn = tfl.input({ shape: [4] });
    const innerBn = tfl.layers.batchNormalization({ name: 'conv5_bn' });
    const innerOut = tfl.layers.dense({ units: 4, name: 'conv5_dense' }).apply(innerBn.apply(innerIn)) as tfl.SymbolicTensor;
    const trunk = tfl.model({ inputs: innerIn, outputs: innerOut, name: 'resnet101_model' });
    const input = tfl.input({ shape: [4] });
    const head = tfl.layers.dense({ units: 1, name: 'mask_class_conv' });
    const model = tfl.model({ inputs: input, outputs: head.apply(trunk.apply(input)) as tfl.SymbolicTensor, name: 'outer' });
    const before = model.weights.map((w) => Array.from(w.read().dataSync()));
    await train({ model, optimizer: opt(), epochs: 2, data: [batch(1), batch(2)], loss: mse, log: false, trainable: /(mask.*)|(conv5_dense)/, batchNormMode: (name) => (name === 'conv5_bn' ? 'frozen' : 'batch-statistics') });
    const changed = Object.fromEntries(model.weights.map((w, i) => [w.originalName, Array.from(w.read().dataSync()).some((v, j) => v !== before[i]![j])]));
    expect(changed).toEqual({
      'conv5_bn/gamma': false, 'conv5_bn/beta': false, 'conv5_bn/moving_mean': false, 'conv5_bn/moving_variance': false,
      'conv5_dense/kernel': true, 'conv5_dense/bias': true, 'mask_class_conv/kernel': true, 'mask_class_conv/bias': true,
    });
  });

  it('skipBatches drops and disposes the first batches', async () => {
    const batches = [batch(0), batch(1), batch(2)];
    const kept: TrainingBatch<tf.Tensor>[] = [];
    for await (const b of skipBatches(batches, 2)) kept.push(b);
    expect(kept).toEqual([batches[2]]);
    expect(batches[0]!.inputs instanceof tf.Tensor && batches[0]!.inputs.isDisposed).toBe(true);
    expect(batches[2]!.targets.isDisposed).toBe(false);
    tf.dispose([batches[2]!.inputs, batches[2]!.targets]);
  });
});
