import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import '../training.js';
import { atrousConv2dLayer } from '../layers/atrous-conv2d-layer.js';
import { onBackend, relativeError, seededTensor, testBackends } from '../testing/test-backends.js';

/**
 * A miniature of what the LIP models train: strided stem, BN, a dilated residual-style conv,
 * a depthwise conv, pooling, bilinear upsampling and a per-pixel softmax classifier.
 */
function buildSegmenter(): tfl.LayersModel {
  const input = tfl.input({ shape: [16, 16, 3] });
  let x = tfl.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', useBias: false, name: 'stem', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }).apply(input) as tfl.SymbolicTensor;
  x = tfl.layers.batchNormalization({ momentum: 0.95, epsilon: 1e-5, name: 'stem_bn' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.activation({ activation: 'relu' }).apply(x) as tfl.SymbolicTensor;
  x = atrousConv2dLayer({ filters: 8, kernelSize: 3, dilationRate: 2, padding: 'same', useBias: false, name: 'dilated', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.batchNormalization({ momentum: 0.95, epsilon: 1e-5, name: 'dilated_bn' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.activation({ activation: 'relu' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', name: 'depthwise', depthwiseInitializer: tfl.initializers.glorotUniform({ seed: 3 }) }).apply(x) as tfl.SymbolicTensor;
  const pooled = tfl.layers.averagePooling2d({ poolSize: 2 }).apply(x) as tfl.SymbolicTensor;
  const up = tfl.layers.upSampling2d({ size: [2, 2], interpolation: 'bilinear' }).apply(pooled) as tfl.SymbolicTensor;
  x = tfl.layers.concatenate().apply([x, up]) as tfl.SymbolicTensor;
  x = tfl.layers.conv2d({ filters: 4, kernelSize: 1, name: 'classifier', kernelInitializer: tfl.initializers.glorotUniform({ seed: 4 }) }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.upSampling2d({ size: [2, 2], interpolation: 'bilinear' }).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: x });
}

const images = () => seededTensor([2, 16, 16, 3], 21);
/** Labels from a fixed rule on the image, so the task is learnable. */
const labels = (x: tf.Tensor) => tf.oneHot(tf.argMax(tf.slice(tf.add(x, tf.tensor([0.3, 0, -0.3])), [0, 0, 0, 0], [-1, -1, -1, 3]), -1), 4);

function lossOf(model: tfl.LayersModel, x: tf.Tensor, y: tf.Tensor): tf.Scalar {
  const logits = model.apply(x, { training: true }) as tf.Tensor;
  return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
}

describe.each(testBackends())('training a dilated convnet on %s', (backend) => {
  it('gives the cpu backend\'s gradients on the first step', async () => {
    const gradientsOn = (b: typeof backend) => onBackend(b, () => {
      const model = buildSegmenter();
      const x = images();
      const { grads } = tf.variableGrads(() => lossOf(model, x, labels(x)));
      const names = Object.keys(grads).sort();
      expect(names.length).toBe(10);
      return names.map((n) => grads[n]!);
    });
    const expected = await gradientsOn('cpu');
    const actual = await gradientsOn(backend);
    actual.forEach((g, i) => expect(relativeError(g, expected[i]!)).toBeLessThanOrEqual(1e-3));
  });

  it('learns with SGD momentum and keeps tf.memory().numTensors flat', async () => {
    await onBackend(backend, () => tf.zeros([1]));
    const model = buildSegmenter();
    const optimizer = tf.train.momentum(0.1, 0.9);
    const x = images();
    const y = tf.tidy(() => labels(x));
    const step = () => tf.tidy(() => optimizer.minimize(() => lossOf(model, x, y), true)!.dataSync()[0]!);
    const first = step();
    const tensorsAfterFirstStep = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 25; i++) last = step();
    expect(tf.memory().numTensors).toBe(tensorsAfterFirstStep);
    expect(last).toBeLessThan(first * 0.75);
    const movingMean = model.getLayer('dilated_bn').getWeights()[2]!;
    expect(tf.max(tf.abs(movingMean)).dataSync()[0]).toBeGreaterThan(0);
    tf.dispose([x, y]);
    optimizer.dispose();
  });
});
