import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import '../training.js';
import { useBackend } from '../backend/use-backend.js';
import { testBackends } from '../testing/test-backends.js';
import { KerasSGD } from './keras-sgd.js';
import { polyDecay } from './learning-rate-schedule.js';
import { train } from './train.js';

interface FixtureWeight { name: string; shape: number[]; values: number[] }
interface FixtureCase {
  name: string;
  options: {
    l2: number; multipliers: [string, number][]; clipnorm: number | null; nesterov: boolean; baseLr: number; schedule: 'poly-epoch' | 'poly-step';
    epochs: number; stepsPerEpoch: number; trainLayers: string[] | null; momentum: number; update: 'keras' | 'tf1'; batchNorm: 'batch-statistics' | 'frozen';
  };
  batches: { inputs: number[]; targets: number[] }[];
  inputShape: number[];
  targetShape: number[];
  initialWeights: FixtureWeight[];
  steps: { step: number; epoch: number; lr: number; loss: number; dataLoss: number; l2Loss: number; gradNorm: number }[];
  finalWeights: FixtureWeight[];
  momentums: { name: string; values: number[] }[];
}
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/training/keras_sgd.json', import.meta.url), 'utf8')) as { cases: FixtureCase[] };

/** The fixture script's model, same names and shapes. */
function fixtureModel(): tfl.LayersModel {
  const input = tfl.input({ shape: [8, 8, 3] });
  let x = tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', useBias: false, name: 'conv1' }).apply(input) as tfl.SymbolicTensor;
  x = tfl.layers.batchNormalization({ momentum: 0.95, epsilon: 1e-5, name: 'conv1_bn' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.activation({ activation: 'relu' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.conv2d({ filters: 3, kernelSize: 1, name: 'mask_class_conv' }).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: x });
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('KerasSGD closed form', () => {
  it('v = m·v − lr·g; p += v, with a changing rate (unlike tf.train.momentum)', async () => {
    await useBackend('cpu');
    const w = tf.variable(tf.tensor1d([1, -2]), true, 'closed_form/w');
    const rates = [0.1, 0.05, 0.2];
    const opt = new KerasSGD({ learningRate: ({ step }) => rates[step]!, momentum: 0.9 });
    const grads = [[0.5, -1], [2, 0.25], [-1, 1]];
    let v = [0, 0];
    let p = [1, -2];
    for (let s = 0; s < 3; s++) {
      expect(opt.currentLearningRate()).toBe(rates[s]);
      const g = tf.tensor1d(grads[s]!);
      opt.applyGradients({ [w.name]: g });
      g.dispose();
      v = v.map((vi, i) => 0.9 * vi - rates[s]! * grads[s]![i]!);
      p = p.map((pi, i) => pi + v[i]!);
    }
    expect(maxAbsDiff(w.dataSync(), p)).toBeLessThan(1e-6);
    expect(maxAbsDiff(opt.momentumOf(w.name)!.dataSync(), v)).toBeLessThan(1e-6);
    expect(opt.iterations).toBe(3);
    opt.dispose();
    w.dispose();
  });

  it("update 'tf1' (TF1 MomentumOptimizer): a = m·a + g; p −= lr·a, and Nesterov p −= lr·g + lr·m·a", async () => {
    await useBackend('cpu');
    const w = tf.variable(tf.tensor1d([1]), true, 'closed_form/tf1');
    const opt = new KerasSGD({ learningRate: ({ step }) => [0.1, 0.5][step]!, momentum: 0.9, update: 'tf1' });
    const g = tf.tensor1d([2]);
    opt.applyGradients({ [w.name]: g });
    expect(w.dataSync()[0]).toBeCloseTo(1 - 0.1 * 2, 6); // a = 2
    opt.applyGradients({ [w.name]: g });
    expect(w.dataSync()[0]).toBeCloseTo(0.8 - 0.5 * (0.9 * 2 + 2), 6); // a = 3.8, rate 0.5 (Keras form: −0.2·0.9 − 1 = −1.18)
    const n = tf.variable(tf.tensor1d([1]), true, 'closed_form/tf1_nesterov');
    const nest = new KerasSGD({ learningRate: 0.1, momentum: 0.5, update: 'tf1', nesterov: true });
    nest.applyGradients({ [n.name]: g });
    expect(n.dataSync()[0]).toBeCloseTo(1 - 0.1 * 2 - 0.1 * 0.5 * 2, 6);
    expect(() => new KerasSGD({ learningRate: 1, update: 'adam' as never })).toThrow(/update must be 'keras' or 'tf1'/);
    tf.dispose([g, w, n]);
    opt.dispose();
    nest.dispose();
  });

  it('Nesterov: p += m·v − lr·g', async () => {
    await useBackend('cpu');
    const w = tf.variable(tf.tensor1d([0.5]), true, 'closed_form/nesterov');
    const opt = new KerasSGD({ learningRate: 0.1, momentum: 0.5, nesterov: true });
    const g = tf.tensor1d([2]);
    opt.applyGradients({ [w.name]: g });
    // v = −0.2; p = 0.5 + 0.5·(−0.2) − 0.2 = 0.2
    expect(w.dataSync()[0]).toBeCloseTo(0.2, 6);
    opt.applyGradients({ [w.name]: g });
    // v = 0.5·(−0.2) − 0.2 = −0.3; p = 0.2 + 0.5·(−0.3) − 0.2 = −0.15
    expect(w.dataSync()[0]).toBeCloseTo(-0.15, 6);
    tf.dispose([g, w]);
    opt.dispose();
  });

  it('clips by the global norm (clip / max(norm, clip)), adds 2·λ·w before clipping, multiplies the rate per variable', async () => {
    await useBackend('cpu');
    const a = tf.variable(tf.tensor1d([1, 2]), true, 'clip/mask_class_conv/kernel');
    const b = tf.variable(tf.tensor1d([3]), true, 'clip/conv1/kernel');
    const opt = new KerasSGD({
      learningRate: 0.1,
      clipNorm: 1,
      l2: 0.5,
      learningRateMultipliers: [['class_conv/kernel', 10], [/conv1/, 3]],
    });
    expect(opt.multiplierOf(a.name)).toBe(10);
    expect(opt.multiplierOf(b.name)).toBe(3);
    const ga = tf.tensor1d([3, 0]);
    const gb = tf.tensor1d([1]);
    opt.applyGradients([{ name: a.name, tensor: ga }, { name: b.name, tensor: gb }]);
    // g + 2·0.5·w: a → [4, 2], b → [4]; norm 6; scale 1/6.
    const scale = 1 / 6;
    expect(maxAbsDiff(a.dataSync(), [1 - 0.1 * 10 * 4 * scale, 2 - 0.1 * 10 * 2 * scale])).toBeLessThan(1e-6);
    expect(maxAbsDiff(b.dataSync(), [3 - 0.1 * 3 * 4 * scale])).toBeLessThan(1e-6);
    // A gradient under the clip norm is left alone.
    const small = tf.tensor1d([0.1]);
    const before = b.dataSync()[0]!;
    const noL2 = new KerasSGD({ learningRate: 1, clipNorm: 1 });
    noL2.applyGradients({ [b.name]: small });
    expect(b.dataSync()[0]).toBeCloseTo(before - 0.1, 6);
    tf.dispose([ga, gb, small, a, b]);
    opt.dispose();
    noL2.dispose();
  });

  it('poly decay per step and per epoch', () => {
    const perStep = polyDecay({ base: 1e-4, total: 266561, per: 'step' });
    expect(perStep({ step: 0, epoch: 0 })).toBe(1e-4);
    expect(perStep({ step: 1000, epoch: 3 })).toBeCloseTo(1e-4 * (1 - 1000 / 266561) ** 0.9, 15);
    expect(perStep({ step: 266561, epoch: 0 })).toBe(0);
    const perEpoch = polyDecay({ base: 0.002, total: 30, per: 'epoch' });
    expect(perEpoch({ step: 123456, epoch: 0 })).toBe(0.002);
    expect(perEpoch({ step: 0, epoch: 10 })).toBeCloseTo(0.002 * (20 / 30) ** 0.9, 15);
    expect(() => polyDecay({ base: 1, total: 0, per: 'step' })).toThrow(/total must be > 0/);
  });

  it('round-trips its state through getWeights/setWeights by stable names', async () => {
    await useBackend('cpu');
    const model = fixtureModel();
    const opt = new KerasSGD({ learningRate: 0.1, momentum: 0.9 });
    opt.nameVariables(model);
    const x = tf.ones([1, 8, 8, 3]);
    const grads = () => tf.variableGrads(() => tf.sum(model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar).grads;
    const g1 = grads();
    opt.applyGradients(g1);
    tf.dispose(g1);
    const saved = await opt.getWeights();
    expect(saved.map((s) => s.name)).toEqual(['iter', 'conv1/kernel/momentum', 'conv1_bn/gamma/momentum', 'conv1_bn/beta/momentum', 'mask_class_conv/kernel/momentum', 'mask_class_conv/bias/momentum']);
    const copies = saved.map((s) => ({ name: s.name, tensor: tf.clone(s.tensor) }));
    tf.dispose(saved[0]!.tensor);
    const other = new KerasSGD({ learningRate: 0.1, momentum: 0.9 });
    other.nameVariables(model);
    await other.setWeights(copies);
    tf.dispose(copies.map((c) => c.tensor));
    expect(other.iterations).toBe(1);
    for (const w of model.trainableWeights) {
      expect(maxAbsDiff(other.momentumOf(w.name)!.dataSync(), opt.momentumOf(w.name)!.dataSync())).toBe(0);
    }
    await expect(other.setWeights([{ name: 'nope', tensor: tf.scalar(1) }])).rejects.toThrow(/first entry must be 'iter'/);
    tf.dispose(x);
    opt.dispose();
    other.dispose();
  });
});

describe.each(testBackends())('KerasSGD + train() against Python Keras on %s', (backend) => {
  for (const c of fixture.cases) {
    it(`case '${c.name}': losses, learning rates, weights and momentum slots within 1e-5`, async () => {
      await useBackend(backend);
      const model = fixtureModel();
      const byName = new Map(c.initialWeights.map((w) => [w.name, w]));
      model.weights.forEach((w) => {
        const init = byName.get(w.originalName);
        expect(init, w.originalName).toBeDefined();
        w.write(tf.tensor(init!.values, init!.shape));
      });
      const batches = c.batches.map((b) => ({ inputs: tf.tensor(b.inputs, c.inputShape), targets: tf.tensor(b.targets, c.targetShape) }));
      const o = c.options;
      const optimizer = new KerasSGD({
        learningRate: polyDecay({ base: o.baseLr, total: o.schedule === 'poly-epoch' ? o.epochs : o.epochs * o.stepsPerEpoch, per: o.schedule === 'poly-epoch' ? 'epoch' : 'step' }),
        momentum: o.momentum,
        nesterov: o.nesterov,
        update: o.update,
        learningRateMultipliers: o.multipliers,
        ...(o.clipnorm != null ? { clipNorm: o.clipnorm } : {}),
        l2: o.l2,
      });
      // Keras reports data loss + L2; the optimizer's l2Loss is that term (checked on the initial weights).
      const l2 = optimizer.l2Loss(model.trainableWeights.map((w) => w.read() as tf.Variable));
      expect(Math.abs(l2.dataSync()[0]! - c.steps[0]!.l2Loss)).toBeLessThan(1e-8);
      l2.dispose();
      const history = await train({
        model,
        data: batches,
        epochs: o.epochs,
        optimizer,
        loss: (logits, targets) => tf.losses.softmaxCrossEntropy(targets, logits as tf.Tensor) as tf.Scalar,
        ...(o.trainLayers != null ? { trainable: o.trainLayers } : {}),
        batchNormMode: o.batchNorm,
        log: false,
      });
      expect(history.steps).toHaveLength(c.steps.length);
      history.steps.forEach((s, i) => {
        const ref = c.steps[i]!;
        expect(s.epoch).toBe(ref.epoch);
        expect(Math.fround(s.lr)).toBe(ref.lr); // Keras holds the rate in float32
        expect(Math.abs(s.loss - ref.dataLoss)).toBeLessThan(1e-5);
      });
      const finals = new Map(c.finalWeights.map((w) => [w.name, w]));
      for (const w of model.weights) {
        const diff = maxAbsDiff(w.read().dataSync(), finals.get(w.originalName)!.values);
        expect(diff, w.originalName).toBeLessThan(1e-5);
      }
      for (const m of c.momentums) {
        const variable = model.weights.find((w) => w.originalName === m.name)!;
        const slot = optimizer.momentumOf(variable.name);
        expect(slot, m.name).toBeDefined();
        expect(maxAbsDiff(slot!.dataSync(), m.values), `${m.name} momentum`).toBeLessThan(1e-5);
      }
      tf.dispose([...batches.flatMap((b) => [b.inputs, b.targets])]);
      optimizer.dispose();
    });
  }
});
