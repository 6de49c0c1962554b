import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import '@lip/runtime/training';
import { onBackend, relativeError, testBackends, fixtureTensor, type FlatArray } from '@lip/runtime/testing';
import { loadFixture } from '../test-support/fixtures.js';
import { caffeSslLoss, caffeStructureError } from './caffe-ssl-loss.js';
import type { PredictionKind } from './cross-entropy-terms.js';
import { maskedSoftmaxCrossEntropy } from './masked-softmax-cross-entropy.js';
import { ohemCrossEntropy, ohemCrossEntropyPerImage } from './ohem-cross-entropy.js';
import { poseL2Loss } from './pose-l2-loss.js';
import { ssnanSslLoss, ssnanStructureWeight } from './ssnan-ssl-loss.js';
import { structureLoss } from './structure-loss.js';

interface GradientsFixture {
  labels: FlatArray;
  logits: FlatArray;
  heatmaps: { gt: FlatArray; pred: FlatArray };
  maps: { gt: FlatArray; pred: FlatArray };
  grads: Record<string, FlatArray>;
}

const fixture = loadFixture<GradientsFixture>('gradients.json');
const reference = (key: string) => {
  const g = fixture.grads[key];
  if (g === undefined) throw new Error(`fixture gradient ${key} missing`);
  return g.data;
};
const labels = () => fixtureTensor<tf.Tensor3D>(fixture.labels, 'int32');
const input = (from: PredictionKind) => (from === 'logits' ? fixtureTensor<tf.Tensor4D>(fixture.logits) : (tf.softmax(fixtureTensor(fixture.logits)) as tf.Tensor4D));
const sources: PredictionKind[] = ['logits', 'probabilities'];
// float32 gradients against float64 central differences (step 1e-6)
const TOLERANCE = 1e-5;

type Loss = (labels: tf.Tensor3D, x: tf.Tensor4D, options: { from: PredictionKind }) => tf.Scalar;
const differentiable: [string, Loss][] = [
  ['maskedCrossEntropy', maskedSoftmaxCrossEntropy],
  ['ohemCrossEntropy', ohemCrossEntropy],
  ['ssnanSslLoss', ssnanSslLoss],
];
const cases = differentiable.flatMap(([name, loss]) => sources.map((from) => ({ name, loss, from })));

describe.each(testBackends())('gradients on %s', (backend) => {
  it.each(cases)('$name from $from matches float64 finite differences', async ({ name, loss, from }) => {
    const [grad] = await onBackend(backend, () => {
      const l = labels();
      return tf.grad((x: tf.Tensor) => loss(l, x as tf.Tensor4D, { from }))(input(from));
    });
    expect(relativeError(grad!, reference(`${name}.${from}`))).toBeLessThanOrEqual(TOLERANCE);
  });

  it('caffe SSL: the weighted forward, the plain softmax-CE backward (as the released caffe code)', async () => {
    const [grad, plainGrad, value, plainValue] = await onBackend(backend, () => {
      const l = labels();
      const z = input('logits');
      const { value, grad } = tf.valueAndGrad((x: tf.Tensor) => caffeSslLoss(l, x as tf.Tensor4D))(z);
      const plain = tf.valueAndGrad((x: tf.Tensor) => maskedSoftmaxCrossEntropy(l, x as tf.Tensor4D))(z);
      return [grad, plain.grad, value, plain.value];
    });
    expect(relativeError(grad!, reference('caffeSslLoss'))).toBeLessThanOrEqual(TOLERANCE);
    expect(relativeError(grad!, plainGrad!)).toBeLessThanOrEqual(1e-6);
    // …while the value carries the structure error (which is far from 1 here).
    expect(Math.abs(value![0]! - plainValue![0]!)).toBeGreaterThan(0.1 * plainValue![0]!);
  });

  it('SS-NAN SSL: the structure weight scales each image’s OHEM gradient and is itself detached', async () => {
    const [grad, expected, weightGrad, caffeErrorGrad] = await onBackend(backend, () => {
      const l = labels();
      const p = input('probabilities');
      const options = { from: 'probabilities' } as const;
      const weight = tf.tensor1d(ssnanStructureWeight(l, p, options).dataSync()); // a plain constant
      return [
        tf.grad((x: tf.Tensor) => ssnanSslLoss(l, x as tf.Tensor4D, options))(p),
        tf.grad((x: tf.Tensor) => tf.mean(tf.mul(weight, ohemCrossEntropyPerImage(l, x as tf.Tensor4D, options))))(p),
        tf.grad((x: tf.Tensor) => tf.sum(ssnanStructureWeight(l, x as tf.Tensor4D, options)))(p),
        tf.grad((x: tf.Tensor) => tf.sum(caffeStructureError(l, x as tf.Tensor4D)))(input('logits')),
      ];
    });
    expect(relativeError(grad!, expected!)).toBeLessThanOrEqual(1e-6);
    expect(Array.from(weightGrad!).every((v) => v === 0)).toBe(true);
    expect(Array.from(caffeErrorGrad!).every((v) => v === 0)).toBe(true);
  });

  it('SS-NAN SSL: a prediction whose joints match the GT gives loss 0 and no gradient', async () => {
    const [value, grad] = await onBackend(backend, () => {
      const l = labels();
      const z = tf.mul(tf.cast(tf.oneHot(tf.where(tf.less(l, 20), l, tf.zerosLike(l)), 20), 'float32'), 5) as tf.Tensor4D;
      const { value, grad } = tf.valueAndGrad((x: tf.Tensor) => ssnanSslLoss(l, x as tf.Tensor4D))(z);
      return [value, grad];
    });
    expect(value![0]).toBe(0);
    expect(Array.from(grad!).every((v) => v === 0)).toBe(true);
  });

  it('pose L2 loss and structure loss match finite differences; a zero difference gives gradient 0, not NaN', async () => {
    const [poseGrad, structureGrad, zeroGrad] = await onBackend(backend, () => {
      const gt = fixtureTensor<tf.Tensor4D>(fixture.heatmaps.gt);
      const gtMaps = fixtureTensor<tf.Tensor4D>(fixture.maps.gt);
      return [
        tf.grad((x: tf.Tensor) => poseL2Loss(gt, x as tf.Tensor4D))(fixtureTensor(fixture.heatmaps.pred)),
        tf.grad((x: tf.Tensor) => tf.sum(structureLoss(gtMaps, x as tf.Tensor4D)))(fixtureTensor(fixture.maps.pred)),
        tf.grad((x: tf.Tensor) => poseL2Loss(gt, x as tf.Tensor4D))(gt),
      ];
    });
    expect(relativeError(poseGrad!, reference('poseL2Loss'))).toBeLessThanOrEqual(TOLERANCE);
    expect(relativeError(structureGrad!, reference('structureLoss.mean'))).toBeLessThanOrEqual(TOLERANCE);
    expect(Array.from(zeroGrad!).every((v) => v === 0)).toBe(true);
  });
});
