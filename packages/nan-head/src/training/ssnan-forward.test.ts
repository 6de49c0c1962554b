import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '@lip/runtime';
import { createSsnan, type Ssnan } from '../index.js';
import { createSsnanTrainingStep, pretrainScaleFrom, SSNAN_TRAIN_MODES, ssnanForward, ssnanLoss } from '../training.js';

let ssnan: Ssnan;
beforeAll(async () => {
  await useBackend('cpu');
  ssnan = createSsnan({ widthMultiplier: 1 / 32, blocksPerStage: [1, 1, 1, 1], seed: 4 });
});

describe('ssnanForward: the outputs of each sub-mode', () => {
  it.each([
    ['pretrain', 1],
    ['finetune', 1],
    ['finetune_withdeep', 4],
    ['finetune_ssloss', 1],
    ['finetune_ssloss_withdeep', 4],
  ] as const)('%s gives %i probability map(s) at the input size', (mode, count) => {
    const images = tf.randomNormal([2, 40, 40, 3], 0, 40, 'float32', 8) as tf.Tensor4D;
    const outputs = ssnanForward(ssnan, images, { mode, training: false, ...(mode === 'pretrain' ? { pretrainScale: 0.5 } : {}) });
    expect(outputs).toHaveLength(count);
    for (const o of outputs) expect(o.shape).toEqual([2, 40, 40, 20]);
    tf.dispose([images, ...outputs]);
  });

  it('uses mask_class_conv for finetune_withdeep and the shared mask_denseclass_conv for finetune_ssloss_withdeep', () => {
    const images = tf.randomNormal([1, 32, 32, 3], 0, 40, 'float32', 9) as tf.Tensor4D;
    const [, , , classDeep] = ssnanForward(ssnan, images, { mode: 'finetune_withdeep', training: false });
    const [, , , denseDeep] = ssnanForward(ssnan, images, { mode: 'finetune_ssloss_withdeep', training: false });
    const [pretrainOne] = ssnanForward(ssnan, images, { mode: 'pretrain', training: false, pretrainScale: 1 });
    const expectedDense = tf.tidy(() => ssnan.classify(ssnan.scaleFeatures(images, 1, false), ssnan.head.maskDenseclassConv, images));
    expect(tf.max(tf.abs(tf.sub(classDeep!, pretrainOne!))).dataSync()[0]).toBe(0);
    expect(tf.max(tf.abs(tf.sub(denseDeep!, expectedDense))).dataSync()[0]).toBe(0);
    tf.dispose([images, classDeep!, denseDeep!, pretrainOne!, expectedDense]);
  });

  it('draws the pretrain scale as 1 − 0.25·randint(0, 3)', () => {
    expect([0, 0.33, 0.34, 0.66, 0.67, 0.999].map(pretrainScaleFrom)).toEqual([1, 1, 0.75, 0.75, 0.5, 0.5]);
    expect(() => pretrainScaleFrom(1)).toThrow(/\[0, 1\)/);
  });

  it('rejects bad modes, scales and output lists', () => {
    const images = tf.zeros([1, 32, 32, 3]) as tf.Tensor4D;
    const labels = tf.zeros([1, 32, 32], 'int32') as tf.Tensor3D;
    expect(() => ssnanForward(ssnan, images, { mode: 'fintune_ssloss_withdeep' as 'finetune' })).toThrow(/unknown train mode "fintune_ssloss_withdeep"; expected one of pretrain, finetune/);
    expect(() => ssnanForward(ssnan, images, { mode: 'pretrain' })).toThrow(/pretrain needs pretrainScale 0.5, 0.75 or 1.0/);
    expect(() => ssnanForward(ssnan, images, { mode: 'pretrain', pretrainScale: 0.6 })).toThrow(/got 0.6/);
    expect(() => ssnanLoss('finetune', [], labels)).toThrow(/train mode 'finetune' takes 1 output\(s\) from ssnanForward, got 0/);
    expect(() => createSsnanTrainingStep(ssnan, { mode: 'finetune', pretrainScale: 1 })).toThrow(/pretrainScale only applies to mode 'pretrain'/);
    const step = createSsnanTrainingStep(ssnan, { mode: 'finetune' });
    expect(() => step.forward(ssnan.inferenceModel, images, { random: { next: () => 0 } })).toThrow(/pass ssnan.model/);
    expect(SSNAN_TRAIN_MODES).toHaveLength(5);
    tf.dispose([images, labels]);
  });
});
