import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '@lip/runtime';
import { createPspnet, PSPNET_METADATA_KEY } from './create-pspnet.js';
import { SSNAN_MEAN_RGB } from '@lip/schema';

beforeAll(async () => {
  await useBackend('cpu');
});

const tiny = { numClasses: 4, inputSize: 41, widthMultiplier: 1 / 32, blocksPerStage: [1, 1, 1, 1] as const, seed: 5 };

describe('createPspnet', () => {
  it('builds PSPNet-Keras\' ResNet-101 PSPNet at 473² with its parameter count, pool table and output', () => {
    const pspnet = createPspnet({ numClasses: 21 });
    // Keras count_params() of fixtures/pspnet_keras.py pspnet((473, 473), 21), BN moving statistics included.
    expect(pspnet.model.countParams()).toBe(65_819_349);
    expect(pspnet.featureSize).toEqual([60, 60]);
    expect(Object.fromEntries(pspnet.poolKernels)).toEqual({ 1: [60, 60], 2: [30, 30], 3: [20, 20], 6: [10, 10] });
    expect(pspnet.model.outputs[0]!.shape).toEqual([null, 473, 473, 21]);
    expect(pspnet.model.getLayer('resnet101_model')).toBe(pspnet.trunk);
    expect(pspnet.model.getLayer('conv5_4').getConfig()).toMatchObject({ filters: 512, kernelSize: [3, 3], useBias: false });
    expect(pspnet.model.getLayer('conv6').getConfig()).toMatchObject({ filters: 21, useBias: true });
    expect(pspnet.model.getLayer('conv5_4_dropout').getConfig()).toMatchObject({ rate: 0.1 });
    expect(pspnet.model.getLayer('conv6_interp').getConfig()).toMatchObject({ size: [473, 473], alignCorners: true });
    pspnet.dispose();
  });

  it("carries its config in the model's metadata under 'pspnet', so a saved model can be rebuilt", async () => {
    const pspnet = createPspnet({ ...tiny, poolSizes: { 1: 6, 2: 3, 3: 2, 6: 1 } });
    expect(PSPNET_METADATA_KEY).toBe('pspnet');
    expect(pspnet.model.getUserDefinedMetadata()).toEqual({ pspnet: { ...tiny, blocksPerStage: [1, 1, 1, 1], poolSizes: { 1: 6, 2: 3, 3: 2, 6: 1 } } });
    let saved: tf.io.ModelArtifacts | undefined;
    await pspnet.model.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const again = createPspnet(saved!.userDefinedMetadata!['pspnet'] as never);
    expect(again.model.countParams()).toBe(pspnet.model.countParams());
    pspnet.dispose();
    again.dispose();
  });

  it('gives probabilities that sum to one, or logits', () => {
    const probs = createPspnet(tiny);
    const logits = createPspnet({ ...tiny, output: 'logits' });
    const [p, l] = tf.tidy(() => {
      const x = tf.randomNormal([1, 41, 41, 3], 0, 50, 'float32', 1);
      return [probs.model.predict(x) as tf.Tensor, logits.model.predict(x) as tf.Tensor];
    });
    expect(p!.shape).toEqual([1, 41, 41, 4]);
    expect(Math.max(...Array.from(tf.tidy(() => tf.abs(tf.sub(tf.sum(p!, -1), 1))).dataSync()))).toBeLessThan(1e-5);
    expect(tf.tidy(() => tf.min(l!)).dataSync()[0]).toBeLessThan(0);
    tf.dispose([p!, l!]);
    probs.dispose();
    logits.dispose();
  });

  it('segment() returns the label map at the image\'s own size and keeps numTensors flat', () => {
    const pspnet = createPspnet(tiny);
    const image = tf.randomUniform([41, 41, 3], 0, 255, 'float32', 2) as tf.Tensor3D;
    const same = pspnet.segment(image);
    // An image of the input size goes in unchanged: labels = argmax of the model on image − mean.
    const expected = tf.tidy(() => tf.squeeze(tf.argMax(pspnet.model.predict(tf.expandDims(tf.sub(image, tf.tensor1d([...SSNAN_MEAN_RGB])), 0)) as tf.Tensor, -1), [0]));
    expect(same.dtype).toBe('int32');
    expect(same.arraySync()).toEqual(expected.arraySync());
    const big = tf.randomUniform([90, 57, 3], 0, 255, 'float32', 3) as tf.Tensor3D;
    const before = tf.memory().numTensors;
    const labels = pspnet.segment(big, { channelOrder: 'bgr' });
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(labels.shape).toEqual([90, 57]);
    const values = labels.dataSync();
    expect(values.every((v) => v >= 0 && v < 4)).toBe(true);
    tf.dispose([image, same, expected, big, labels]);
    pspnet.dispose();
  });

  it('rejects bad configs and images with errors that say what was expected', () => {
    expect(() => createPspnet({ ...tiny, numClasses: 0 })).toThrow(/numClasses must be a positive integer, got 0/);
    expect(() => createPspnet({ ...tiny, inputSize: [41, 0] })).toThrow(/inputSize must be a positive integer or \[height, width\], got \[41,0\]/);
    expect(() => createPspnet({ ...tiny, inputSize: 33 })).toThrow(/a 5×5 feature map is too small for pyramid bin 6/);
    expect(() => createPspnet({ ...tiny, output: 'softmax' as 'logits' })).toThrow(/output must be 'probabilities' or 'logits'/);
    const pspnet = createPspnet(tiny);
    const grey = tf.zeros([41, 41]) as unknown as tf.Tensor3D;
    expect(() => pspnet.segment(grey)).toThrow(/segment expects one RGB image \[height, width, 3\], got shape \[41,41\]/);
    grey.dispose();
    pspnet.dispose();
  });
});
