import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { onBackend, relativeError, seededTensor, testBackends } from '@lip/runtime/testing';
import { useBackend, type BackendName } from '@lip/runtime';
import '@lip/runtime/training'; // the training kernels, gradients and one-kernel batch norm
import { createPspnet, type Pspnet, type PspnetConfig } from './create-pspnet.js';

/** A tiny PSPNet (all four stages, dilations 2 and 4, the full pyramid) that trains in seconds. */
const config: PspnetConfig = { numClasses: 3, inputSize: 41, widthMultiplier: 1 / 32, blocksPerStage: [1, 1, 1, 1], output: 'logits', seed: 11 };

const images = () => tf.mul(seededTensor([2, 41, 41, 3], 31), 60);
/** Labels from a fixed rule on the image (which channel is largest after a smoothing), so the task is learnable. */
const labels = (x: tf.Tensor) => tf.tidy(() => tf.oneHot(tf.argMax(tf.avgPool(x as tf.Tensor4D, 9, 1, 'same'), -1), 3));

function lossOf(pspnet: Pspnet, x: tf.Tensor, y: tf.Tensor): tf.Scalar {
  const logits = pspnet.model.apply(x, { training: true }) as tf.Tensor;
  return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
}

const gradientsOn = (backend: BackendName) => onBackend(backend, () => {
  const pspnet = createPspnet({ ...config, dropoutRate: 0 });
  const x = images();
  const { grads } = tf.variableGrads(() => lossOf(pspnet, x, labels(x)));
  return Object.keys(grads).sort().map((n) => grads[n]!);
});
let cpuGradients: Promise<Float32Array[]> | undefined;

describe.each(testBackends().filter((b) => b !== 'cpu'))('PSPNet gradients on %s', (backend) => {
  it('equal the cpu backend\'s for every weight (dilated convs, pooling, align-corners resize, batch-statistics BN)', async () => {
    cpuGradients ??= gradientsOn('cpu');
    const expected = await cpuGradients;
    const actual = await gradientsOn(backend);
    expect(actual.length).toBe(expected.length);
    expect(actual.length).toBeGreaterThan(60);
    // BN gamma gradients are sums over every pixel with heavy cancellation; float32 summation order
    // differs between backends, which moves them by up to ~2e-3 of their own (small) size.
    actual.forEach((g, i) => expect(relativeError(g, expected[i]!)).toBeLessThanOrEqual(5e-3));
  });
});

describe.each(testBackends())('training PSPNet on %s', (backend) => {
  it('learns with SGD momentum, updates BN moving statistics and keeps tf.memory().numTensors flat', async () => {
    await useBackend(backend);
    const pspnet = createPspnet(config);
    const optimizer = tf.train.momentum(0.02, 0.9);
    const x = images();
    const y = labels(x);
    const meanBefore = pspnet.trunk.getLayer('conv5_1_3x3_bn').getWeights()[2]!.dataSync().slice();
    const step = () => tf.tidy(() => optimizer.minimize(() => lossOf(pspnet, x, y), true)!.dataSync()[0]!);
    const first = step();
    const tensorsAfterFirstStep = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 7; i++) last = step();
    expect(tf.memory().numTensors).toBe(tensorsAfterFirstStep);
    expect(Number.isFinite(last)).toBe(true);
    expect(last).toBeLessThan(first * 0.8);
    const meanAfter = pspnet.trunk.getLayer('conv5_1_3x3_bn').getWeights()[2]!.dataSync();
    expect(relativeError(meanAfter, meanBefore)).toBeGreaterThan(0);
    tf.dispose([x, y]);
    optimizer.dispose();
    pspnet.dispose();
  });
});
