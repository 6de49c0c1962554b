import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import '../training.js';
import { useBackend } from '../backend/use-backend.js';
import { testBackends } from '../testing/test-backends.js';
import { memoryCheckpointStore } from './checkpoint-store.js';
import { KerasSGD } from './keras-sgd.js';
import { polyDecay } from './learning-rate-schedule.js';
import { seededDropout } from './seeded-dropout.js';
import { batchFactory, makeBatch, segmentationLoss, tinySegmenter } from './test-support/tiny-segmenter.js';
import { train } from './train.js';
import { TrainingDivergedError } from './training-diverged-error.js';

const weightsOf = (model: tfl.LayersModel): Float32Array[] => model.weights.map((w) => w.read().dataSync() as Float32Array);
const sgd = () => new KerasSGD({ learningRate: polyDecay({ base: 0.05, total: 4, per: 'epoch' }), momentum: 0.9, clipNorm: 5, l2: 1e-4, learningRateMultipliers: [['class_conv/kernel', 10], ['class_conv/bias', 20]] });

describe.each(testBackends())('train() on %s', (backend) => {
  it('keeps tf.memory().numTensors flat over 100 steps (with checkpoints; array data and disposed factory batches)', async () => {
    await useBackend(backend);
    const model = tinySegmenter();
    const optimizer = sgd();
    const batches = [makeBatch(0, 0, 1), makeBatch(0, 1, 1)];
    await train({ model, data: batches, epochs: 1, optimizer, loss: segmentationLoss, log: false }); // slots exist from here on
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const store = memoryCheckpointStore(); // checkpoints every 10 steps and at epoch ends must not leak either
    const history = await train({ model, data: batches, epochs: 50, optimizer, loss: segmentationLoss, log: false, checkpoint: { store, everySteps: 10 }, onStep: () => { counts.push(tf.memory().numTensors); } });
    expect(store.saves).toBe(50);
    expect(history.steps).toHaveLength(100);
    expect(new Set(counts)).toEqual(new Set([before]));
    expect(tf.memory().numTensors).toBe(before);
    // Factory batches are made per step and disposed by the loop.
    await train({ model, data: batchFactory(3), epochs: 2, optimizer, loss: segmentationLoss, log: false });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(batches.flatMap((b) => [b.inputs, b.targets]));
    optimizer.dispose();
  });

  it('learns, and trains only the selected layers (full-match regex, like Keras layer_regex)', async () => {
    await useBackend(backend);
    const model = tinySegmenter();
    const initial = weightsOf(model);
    const optimizer = sgd();
    const history = await train({ model, data: batchFactory(3), epochs: 3, optimizer, loss: segmentationLoss, trainable: /(mask.*)|(conv5.*)/, log: false });
    expect(history.steps.at(-1)!.loss).toBeLessThan(history.steps[0]!.loss);
    const changed = model.weights.map((w, i) => [w.originalName, Array.from(w.read().dataSync()).some((v, j) => v !== initial[i]![j])] as const);
    expect(Object.fromEntries(changed)).toEqual({
      'conv1/kernel': false,
      'conv1_bn/gamma': false,
      'conv1_bn/beta': false,
      // BN in batch-statistics mode updates moving statistics even in layers that do not train (as Keras 2 fit did).
      'conv1_bn/moving_mean': true,
      'conv1_bn/moving_variance': true,
      'conv5_1/kernel': true,
      'conv5_1/bias': true,
      'conv5_1_bn/gamma': true,
      'conv5_1_bn/beta': true,
      'conv5_1_bn/moving_mean': true,
      'conv5_1_bn/moving_variance': true,
      'mask_class_conv/kernel': true,
      'mask_class_conv/bias': true,
    });
    await expect(train({ model, data: [], epochs: 1, optimizer, loss: segmentationLoss, trainable: /conv/, log: false })).rejects.toThrow(/matches no layer with trainable weights/);
    await expect(train({ model, data: [makeBatch(0, 0)], epochs: 1, optimizer, loss: segmentationLoss, trainable: ['conv1', 'nope'], log: false })).rejects.toThrow(/'nope' are not layers of model 'tiny_segmenter'/);
    optimizer.dispose();
  });

  it("'frozen' BatchNorm uses and keeps the moving statistics while dropout stays active", async () => {
    await useBackend(backend);
    const input = tfl.input({ shape: [4, 4, 6] });
    const bn = tfl.layers.batchNormalization({ name: 'bn', momentum: 0.5 });
    const drop = seededDropout({ rate: 0.5, name: 'drop' });
    const head = tfl.layers.conv2d({ filters: 2, kernelSize: 1, name: 'head' });
    const features = drop.apply(bn.apply(input)) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: [features, head.apply(features) as tfl.SymbolicTensor] });
    bn.setWeights([tf.ones([6]), tf.zeros([6]), tf.fill([6], 0.5), tf.fill([6], 4)]);
    const x = tf.tidy(() => tf.add(tf.mul(tf.randomNormal([2, 4, 4, 6], 0, 1, 'float32', 3), 3), 1));
    const data = [{ inputs: x, targets: tf.zeros([2, 4, 4, 2]) }];
    const inference = tf.tidy(() => ((model.predict(x) as tf.Tensor[])[0]!).dataSync());
    let dropped = 0;
    let kept = 0;
    const check = (outputs: tf.Tensor | tf.Tensor[]) => {
      // First step (gamma and beta not yet trained): training-mode features are 0 or inference
      // features / 0.5, so BN used its moving statistics and dropout was on.
      const seen = (outputs as tf.Tensor[])[0]!.dataSync();
      seen.forEach((v, i) => {
        if (v === 0) dropped++;
        else {
          kept++;
          expect(Math.abs(v - inference[i]! / 0.5)).toBeLessThan(1e-5);
        }
      });
    };
    const optimizer = new KerasSGD({ learningRate: 0.1 });
    await train({
      model, data, epochs: 3, optimizer, batchNormMode: 'frozen', trainable: 'all', log: false,
      loss: (outputs, targets, context) => { if (context.step === 0) check(outputs); return tf.losses.meanSquaredError(targets, (outputs as tf.Tensor[])[1]!) as tf.Scalar; },
    });
    expect(dropped + kept).toBe(2 * 4 * 4 * 6);
    expect(dropped).toBeGreaterThan(50);
    expect(kept).toBeGreaterThan(50);
    expect(Array.from(bn.getWeights()[2]!.dataSync())).toEqual(new Array(6).fill(0.5));
    expect(Array.from(bn.getWeights()[3]!.dataSync())).toEqual(new Array(6).fill(4));
    expect(Array.from(bn.getWeights()[0]!.dataSync())).not.toEqual(new Array(6).fill(1)); // gamma still trains
    // The override is gone after training: a training-mode call updates the statistics again.
    tf.tidy(() => { model.apply(x, { training: true }); });
    expect(bn.getWeights()[2]!.dataSync()[0]).not.toBe(0.5);
    tf.dispose([x, data[0]!.targets]);
    optimizer.dispose();
  });

  it('stops on a NaN loss with an error naming the step, without applying that update, keeping the last checkpoint', async () => {
    await useBackend(backend);
    const model = tinySegmenter();
    const store = memoryCheckpointStore();
    const optimizer = sgd();
    let afterStep4: Float32Array[] = [];
    const run = train({
      model, data: batchFactory(3), epochs: 3, optimizer, log: false, checkpoint: { store, everySteps: 2 },
      loss: (logits, targets, context) => (context.step === 5 ? tf.mul(segmentationLoss(logits, targets), Number.NaN) as tf.Scalar : segmentationLoss(logits, targets)),
      onStep: (record) => { if (record.step === 4) afterStep4 = weightsOf(model); },
    });
    await expect(run).rejects.toThrow(TrainingDivergedError);
    await expect(run).rejects.toThrow(/loss is NaN at step 5 \(epoch 2, batch 3\).*last good checkpoint is step 4 at memory/);
    const trainable = new Set(model.trainableWeights.map((w) => w.originalName));
    model.weights.forEach((w, i) => {
      if (trainable.has(w.originalName)) expect(Array.from(w.read().dataSync())).toEqual(Array.from(afterStep4[i]!));
    });
    expect(store.latest!.state.step).toBe(4);
    optimizer.dispose();
  });

  it('resumes mid-epoch from a checkpoint to exactly the weights of an uninterrupted run (dropout, BN, momentum, poly LR)', async () => {
    await useBackend(backend);
    const options = { data: batchFactory(4), epochs: 2, loss: segmentationLoss, log: false as const, seed: 42 };
    const full = tinySegmenter();
    const fullOpt = sgd();
    const fullHistory = await train({ ...options, model: full, optimizer: fullOpt });
    const store = memoryCheckpointStore();
    const crashing = tinySegmenter();
    const crashOpt = sgd();
    await expect(train({ ...options, model: crashing, optimizer: crashOpt, checkpoint: { store, everySteps: 3 }, onStep: (r) => { if (r.step === 6) throw new Error('simulated crash'); } })).rejects.toThrow('simulated crash');
    expect(store.latest!.state).toMatchObject({ step: 6, epoch: 1, stepInEpoch: 2, seed: 42 });
    // A fresh model and optimizer, as a new process would have.
    const resumed = tinySegmenter();
    const resumedOpt = sgd();
    const history = await train({ ...options, seed: 1, model: resumed, optimizer: resumedOpt, checkpoint: { store, everySteps: 3 }, resume: true });
    expect(history.startStep).toBe(6);
    expect(history.resumedFrom).toMatchObject({ step: 6, epoch: 1 });
    expect(history.steps.map((s) => s.loss)).toEqual(fullHistory.steps.slice(6).map((s) => s.loss));
    expect(history.steps.map((s) => s.lr)).toEqual(fullHistory.steps.slice(6).map((s) => s.lr));
    const a = weightsOf(full);
    weightsOf(resumed).forEach((w, i) => expect(Array.from(w)).toEqual(Array.from(a[i]!)));
    expect(resumedOpt.iterations).toBe(8);
    [fullOpt, crashOpt, resumedOpt].forEach((o) => o.dispose());
  });
});
