import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '@lip/runtime';
import { relativeError, seededTensor } from '@lip/runtime/testing';
import { createJppnet } from '../model/create-jppnet.js';
import { calibrateBatchNorm } from './calibrate-batch-norm.js';

beforeAll(async () => {
  await useBackend('cpu');
});

describe('calibrateBatchNorm', () => {
  it('sets the moving statistics to the batch statistics of the images, so inference then equals batch-statistics mode on them', () => {
    const jppnet = createJppnet({ widthMultiplier: 1 / 32, blocksPerStage: [1, 1, 1, 1], refinementStages: 1, headInitializer: 'he', seed: 4 });
    const x = tf.tidy(() => tf.mul(seededTensor([3, 40, 40, 3], 9), 120)) as tf.Tensor4D;
    const gammaBefore = Array.from(jppnet.trunk.getLayer('bn_conv1').getWeights()[0]!.dataSync());
    const before = jppnet.predictStages(x);
    const training = jppnet.predictStages(x, { training: true }); // also moves the statistics a little (momentum 0.999)
    calibrateBatchNorm(jppnet, x);
    const after = jppnet.predictStages(x);
    expect(relativeError(after.parsing[1]!.dataSync(), training.parsing[1]!.dataSync())).toBeLessThan(1e-4);
    expect(relativeError(after.pose[1]!.dataSync(), training.pose[1]!.dataSync())).toBeLessThan(1e-4);
    expect(relativeError(before.parsing[1]!.dataSync(), training.parsing[1]!.dataSync())).toBeGreaterThan(1e-2);
    expect(Array.from(jppnet.trunk.getLayer('bn_conv1').getWeights()[0]!.dataSync())).toEqual(gammaBefore);
    expect((jppnet.trunk.getLayer('bn_conv1').getConfig() as { momentum: number }).momentum).toBe(0.999);
    tf.dispose([x, ...before.parsing, ...before.pose, ...training.parsing, ...training.pose, ...after.parsing, ...after.pose]);
    jppnet.dispose();
  });
});
