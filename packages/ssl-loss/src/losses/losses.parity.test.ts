import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import '@lip/runtime/training';
import { onBackend, relativeError, testBackends, fixtureTensor, type FlatArray } from '@lip/runtime/testing';
import { loadFixture } from '../test-support/fixtures.js';
import { jointMapsFromLabels } from '../joints/joint-maps-from-labels.js';
import { resizeLabelsNearest } from '../labels/resize-labels-nearest.js';
import { ssnanTrainingLoss, SSNAN_TRAIN_MODES } from '../training/ssnan-training-loss.js';
import { jppnetTrainingLoss } from '../training/jppnet-training-loss.js';
import { caffeSslLoss, caffeStructureError } from './caffe-ssl-loss.js';
import type { PredictionKind } from './cross-entropy-terms.js';
import { maskedSoftmaxCrossEntropy } from './masked-softmax-cross-entropy.js';
import { ohemCrossEntropy, ohemCrossEntropyPerImage } from './ohem-cross-entropy.js';
import { pixelCrossEntropy } from './pixel-cross-entropy.js';
import { poseL2Loss } from './pose-l2-loss.js';
import { ssnanPixelAccuracy } from './ssnan-pixel-accuracy.js';
import { ssnanSslLoss, ssnanStructureWeight } from './ssnan-ssl-loss.js';
import { structureLoss } from './structure-loss.js';

interface LossesFixture {
  labels: FlatArray;
  logits: FlatArray;
  scaleLogits: FlatArray[];
  heatmaps: { gt: FlatArray; pred: FlatArray };
  jppnet: { parsing: FlatArray[]; pose: FlatArray[] };
  values: Record<string, number | FlatArray | { total: number; parsing: number; pose: number }>;
}

const fixture = loadFixture<LossesFixture>('losses.json');
const value = (key: string) => {
  const v = fixture.values[key];
  if (v === undefined) throw new Error(`fixture value ${key} missing`);
  return v;
};
const scalar = (key: string) => value(key) as number;
const array = (key: string) => (value(key) as FlatArray).data;

const labels = () => fixtureTensor<tf.Tensor3D>(fixture.labels, 'int32');
const logits = () => fixtureTensor<tf.Tensor4D>(fixture.logits);
const prediction = (from: PredictionKind, t: tf.Tensor4D) => (from === 'logits' ? t : (tf.softmax(t) as tf.Tensor4D));
const sources: PredictionKind[] = ['logits', 'probabilities'];

function expectScalar(actual: Float32Array | undefined, expected: number) {
  expect(Math.abs(actual![0]! - expected) / Math.abs(expected)).toBeLessThanOrEqual(1e-5);
}

describe.each(testBackends())('losses on %s', (backend) => {
  it.each(sources)('per-pixel, masked and OHEM cross-entropy from %s', async (from) => {
    const [pixel, masked, ohem, perImage, k50, divisor4] = await onBackend(backend, () => {
      const p = prediction(from, logits());
      const l = labels();
      return [
        pixelCrossEntropy(l, p, { from }),
        maskedSoftmaxCrossEntropy(l, p, { from }),
        ohemCrossEntropy(l, p, { from }),
        ohemCrossEntropyPerImage(l, p, { from }),
        ohemCrossEntropy(l, p, { from, k: 50 }),
        ohemCrossEntropy(l, p, { from, divisor: 4 }),
      ];
    });
    expect(relativeError(pixel!, array(`pixelCrossEntropy.${from}`))).toBeLessThanOrEqual(1e-5);
    expectScalar(masked, scalar(`maskedCrossEntropy.${from}`));
    expectScalar(ohem, scalar(`ohemCrossEntropy.${from}`));
    expect(relativeError(perImage!, array(`ohemCrossEntropyPerImage.${from}`))).toBeLessThanOrEqual(1e-5);
    expectScalar(k50, scalar(`ohemCrossEntropy.k50.${from}`));
    expectScalar(divisor4, scalar(`ohemCrossEntropy.divisor4.${from}`));
  });

  it.each(sources)('SS-NAN SSL loss and every training sub-mode from %s', async (from) => {
    const results = await onBackend(backend, () => {
      const l = labels();
      const outputs = {
        nan: prediction(from, logits()),
        perScale: fixture.scaleLogits.map((s) => prediction(from, fixtureTensor<tf.Tensor4D>(s))),
      };
      return [
        ssnanSslLoss(l, outputs.nan, { from }),
        ...SSNAN_TRAIN_MODES.map((mode) => ssnanTrainingLoss(mode, l, { ...outputs, single: outputs.perScale[2] }, { from })),
      ];
    });
    expectScalar(results[0], scalar(`ssnanSslLoss.${from}`));
    SSNAN_TRAIN_MODES.forEach((mode, i) => expectScalar(results[i + 1], scalar(`ssnanTrainingLoss.${mode}.${from}`)));
  });

  it('SS-NAN structure weight, structure loss (mean and caffe sum forms) and pixel accuracy', async () => {
    const [weight, mean, sum, accuracy] = await onBackend(backend, () => {
      const l = labels();
      const z = logits();
      const gt = jointMapsFromLabels(l);
      const pred = jointMapsFromLabels(tf.argMax(z, -1) as tf.Tensor3D);
      return [ssnanStructureWeight(l, z), structureLoss(gt, pred), structureLoss(gt, pred, { reduction: 'sum', scale: 0.05 }), ssnanPixelAccuracy(l, z)];
    });
    expect(relativeError(weight!, array('ssnanStructureWeight'))).toBeLessThanOrEqual(1e-5);
    expect(relativeError(mean!, array('structureLoss.mean'))).toBeLessThanOrEqual(1e-5);
    expect(relativeError(sum!, array('structureLoss.sum005'))).toBeLessThanOrEqual(1e-5);
    expectScalar(accuracy, scalar('pixelAccuracy'));
  });

  it('caffe structure error (with and without the batch quirk) and caffe SSL loss', async () => {
    const [error, accumulated, loss, lossGivenError] = await onBackend(backend, () => {
      const l = labels();
      const z = logits();
      const e = caffeStructureError(l, z);
      return [e, caffeStructureError(l, z, { accumulateAcrossBatch: true }), caffeSslLoss(l, z), caffeSslLoss(l, z, { structureError: e })];
    });
    expect(relativeError(error!, array('caffeStructureError'))).toBeLessThanOrEqual(1e-5);
    expect(relativeError(accumulated!, array('caffeStructureErrorAccumulated'))).toBeLessThanOrEqual(1e-5);
    expectScalar(loss, scalar('caffeSslLoss'));
    expectScalar(lossGivenError, scalar('caffeSslLoss'));
  });

  it('JPPNet pose loss, label resizing and the whole training loss', async () => {
    const [pose, resized, total, parsing, poseSum] = await onBackend(backend, () => {
      const gt = fixtureTensor<tf.Tensor4D>(fixture.heatmaps.gt);
      const loss = jppnetTrainingLoss({
        labels: labels(),
        heatmaps: gt,
        parsing: fixture.jppnet.parsing.map((p) => fixtureTensor<tf.Tensor4D>(p)),
        pose: fixture.jppnet.pose.map((p) => fixtureTensor<tf.Tensor4D>(p)),
      });
      return [poseL2Loss(gt, fixtureTensor<tf.Tensor4D>(fixture.heatmaps.pred)), tf.cast(resizeLabelsNearest(labels(), [5, 7]), 'float32'), loss.total, loss.parsing, loss.pose];
    });
    expectScalar(pose, scalar('poseL2Loss'));
    expect(Array.from(resized!)).toEqual(array('resizeLabelsNearest.5x7'));
    const expected = value('jppnetTrainingLoss') as { total: number; parsing: number; pose: number };
    expectScalar(total, expected.total);
    expectScalar(parsing, expected.parsing);
    expectScalar(poseSum, expected.pose);
  });

  it('keeps the tensor count flat over repeated loss + gradient steps', async () => {
    await onBackend(backend, () => tf.zeros([1]));
    const l = labels();
    const z = logits();
    const step = () =>
      tf.tidy(() => {
        for (const f of [
          (x: tf.Tensor) => ssnanSslLoss(l, tf.softmax(x) as tf.Tensor4D, { from: 'probabilities' }),
          (x: tf.Tensor) => caffeSslLoss(l, x as tf.Tensor4D),
          (x: tf.Tensor) => ohemCrossEntropy(l, x as tf.Tensor4D),
          (x: tf.Tensor) => ssnanTrainingLoss('finetune_ssloss_withdeep', l, { nan: x as tf.Tensor4D, perScale: [x as tf.Tensor4D] }),
        ]) {
          tf.valueAndGrad(f)(z);
        }
      });
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([l, z]);
  });
});
