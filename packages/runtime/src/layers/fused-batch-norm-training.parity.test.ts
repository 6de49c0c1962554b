import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import '../training.js';
import { useBackend } from '../backend/use-backend.js';
import { BatchNormTraining, BatchNormTrainingGrad } from '../kernels/batch-norm-training/kernel-names.js';
import { ReluGrad } from '../kernels/native/relu-grad.js';
import { relativeError, seededTensor, testBackends } from '../testing/test-backends.js';

const EPSILON = 1e-3;
const MOMENTUM = 0.95;

interface Case {
  name: string;
  shape: number[];
  axis?: number;
}

const cases: Case[] = [
  { name: 'rank 4 (conv features)', shape: [2, 5, 6, 3] },
  { name: 'rank 4, one image, more channels', shape: [1, 4, 3, 9] },
  { name: 'rank 2 (dense features)', shape: [7, 4] },
  { name: 'rank 3', shape: [3, 5, 4] },
  { name: 'rank 4, channels on axis 1 (tfjs-layers path)', shape: [2, 3, 5, 4], axis: 1 },
];

/** A BN layer with seeded gamma, beta and moving statistics, built for `shape`. */
function bnLayer(c: Case): tfl.layers.Layer {
  const axis = c.axis ?? -1;
  const channels = c.shape.at(axis)!;
  const layer = tfl.layers.batchNormalization({ axis, momentum: MOMENTUM, epsilon: EPSILON });
  layer.build(c.shape);
  layer.setWeights([
    tf.add(seededTensor([channels], 3), 1.5), // gamma
    seededTensor([channels], 4), // beta
    tf.mul(seededTensor([channels], 5), 0.2), // moving mean
    tf.add(tf.abs(seededTensor([channels], 6)), 0.5), // moving variance
  ]);
  return layer;
}

/**
 * The reference: Keras' training-mode BN spelt with elementwise ops and `tf.moments`, differentiated by tfjs'
 * autodiff; the moving averages as Keras updates them. Returns [y, dx, dGamma, dBeta, movingMean, movingVariance].
 */
function reference(c: Case, x: tf.Tensor, w: tf.Tensor): tf.Tensor[] {
  const layer = bnLayer(c);
  const [gamma, beta, movingMean, movingVariance] = layer.getWeights();
  const axis = (c.axis ?? -1) < 0 ? c.shape.length - 1 : c.axis!;
  const axes = c.shape.map((_, i) => i).filter((i) => i !== axis);
  const broadcast = c.shape.map((d, i) => (i === axis ? d : 1));
  const bn = (tx: tf.Tensor, tg: tf.Tensor, tb: tf.Tensor): tf.Tensor => {
    const { mean, variance } = tf.moments(tx, axes, true);
    return tf.add(tf.mul(tf.div(tf.sub(tx, mean), tf.sqrt(tf.add(variance, EPSILON))), tf.reshape(tg, broadcast)), tf.reshape(tb, broadcast));
  };
  const [dx, dGamma, dBeta] = tf.grads((tx, tg, tb) => tf.sum(tf.mul(bn(tx, tg, tb), w)))([x, gamma!, beta!]);
  const { mean, variance } = tf.moments(x, axes);
  const move = (moving: tf.Tensor, batch: tf.Tensor) => tf.sub(moving, tf.mul(tf.sub(moving, batch), 1 - MOMENTUM));
  return [bn(x, gamma!, beta!), dx!, dGamma!, dBeta!, move(movingMean!, mean), move(movingVariance!, variance)];
}

/** The same quantities through the layer's own training call (the fused kernels where they apply). */
function throughLayer(c: Case, x: tf.Tensor, w: tf.Tensor): tf.Tensor[] {
  const layer = bnLayer(c);
  const [gammaVariable, betaVariable] = layer.trainableWeights.map((v) => v.read() as tf.Variable);
  const f = () => tf.sum(tf.mul(layer.apply(x, { training: true }) as tf.Tensor, w)) as tf.Scalar;
  const { grads } = tf.variableGrads(f, [gammaVariable!, betaVariable!]);
  // Moving statistics after exactly one training call (variableGrads made one); getWeights gives the live variables.
  const [movingMean, movingVariance] = layer.getWeights().slice(2).map((t) => tf.clone(t));
  const y = layer.apply(x, { training: true }) as tf.Tensor; // a second call, for y and dx only
  const dx = tf.grad((tx: tf.Tensor) => tf.sum(tf.mul(layer.apply(tx, { training: true }) as tf.Tensor, w)))(x);
  return [y, dx, grads[gammaVariable!.name]!, grads[betaVariable!.name]!, movingMean!, movingVariance!];
}

describe.each(testBackends())('BatchNormalization training on %s', (backend) => {
  // tfjs-cpu's FusedBatchNorm indexes the parameters as if channels were last (upstream bug), so a BN over
  // axis 1 computes wrong values on cpu, in inference too; our part of that path is the gradient.
  for (const c of cases.filter((k) => backend !== 'cpu' || k.axis == null)) {
    it(`${c.name}: y, gradients and moving statistics match Keras' formula`, async () => {
      await useBackend(backend);
      const x = tf.add(tf.mul(seededTensor(c.shape, 1), 3), 0.7); // off-centre, so the mean matters
      const w = seededTensor(c.shape, 2);
      const expected = tf.tidy(() => reference(c, x, w));
      const actual = tf.tidy(() => throughLayer(c, x, w));
      const names = ['y', 'dx', 'dGamma', 'dBeta', 'movingMean', 'movingVariance'];
      for (let i = 0; i < names.length; i++) {
        const error = relativeError(actual[i]!.dataSync(), expected[i]!.dataSync());
        expect(error, names[i]).toBeLessThan(2e-5);
      }
      tf.dispose([x, w, ...expected, ...actual]);
    });
  }

  it('runs one kernel forward and one backward per layer, and leaves no tensors behind', async () => {
    await useBackend(backend);
    const c = cases[0]!;
    const x = seededTensor(c.shape, 1);
    const w = seededTensor(c.shape, 2);
    const layer = bnLayer(c);
    const step = () => tf.tidy(() => tf.grad((tx: tf.Tensor) => tf.sum(tf.mul(layer.apply(tx, { training: true }) as tf.Tensor, w)))(x));
    tf.dispose(step());
    const before = tf.memory().numTensors;
    const profile = await tf.profile(() => tf.dispose(step()));
    const kernels = profile.kernels.map((k) => k.name);
    expect(kernels.filter((k) => k === BatchNormTraining)).toHaveLength(1);
    expect(kernels.filter((k) => k === BatchNormTrainingGrad)).toHaveLength(1);
    expect(kernels).not.toContain('Mean'); // tfjs-layers' moments
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, w]);
  });

  it('inference calls keep the moving statistics and the FusedBatchNorm kernel', async () => {
    await useBackend(backend);
    const c = cases[0]!;
    const layer = bnLayer(c);
    const x = seededTensor(c.shape, 1);
    const profile = await tf.profile(() => tf.dispose(layer.apply(x, { training: false }) as tf.Tensor));
    const kernels = profile.kernels.map((k) => k.name);
    expect(kernels).toContain('FusedBatchNorm');
    expect(kernels).not.toContain(BatchNormTraining);
    x.dispose();
  });

  it('ReLU gradient: dy where x > 0, else 0 (x = 0 included)', async () => {
    await useBackend(backend);
    const x = tf.tensor1d([-2, -0.5, 0, 0.25, 3, -1e-30, 1e-30]);
    const dy = tf.tensor1d([1, 2, 3, 4, 5, 6, 7]);
    const profile = await tf.profile(() => {
      const dx = tf.grad((t: tf.Tensor) => tf.relu(t))(x, dy);
      expect(Array.from(dx.dataSync())).toEqual([0, 0, 0, 4, 5, 0, 7]);
      dx.dispose();
    });
    const kernels = profile.kernels.map((k) => k.name);
    if (backend === 'tensorflow') {
      expect(kernels).toContain(ReluGrad);
      expect(kernels).not.toContain('Step');
    } else {
      expect(kernels).toContain('Step');
    }
    tf.dispose([x, dy]);
  });
});
