import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { AtrousConv2D, useBackend } from '@lip/runtime';
import { createResnetTrunk } from './create-resnet-trunk.js';
import { readCase } from '../testing/fixture-case.js';
import type { ResnetTrunkConfig } from './resnet-trunk-config.js';

/** 'layer/role' → shape, in model order. */
function weightShapes(model: tfl.LayersModel): Record<string, number[]> {
  const shapes: Record<string, number[]> = {};
  for (const layer of model.layers) {
    for (const w of layer.weights) shapes[`${layer.name}/${w.originalName.split('/').pop()}`] = [...w.shape] as number[];
  }
  return shapes;
}

function layerConfig(model: tfl.LayersModel, name: string): Record<string, unknown> {
  return model.getLayer(name).getConfig() as Record<string, unknown>;
}

beforeAll(async () => {
  await useBackend('cpu');
});

describe('createResnetTrunk', () => {
  it.each(['pspnet-trunk', 'deeplab-trunk'])('has the layer names, weight roles and shapes of the Keras reference build (%s)', (name) => {
    const fixture = readCase<ResnetTrunkConfig>(name);
    const model = createResnetTrunk(fixture.config);
    expect(weightShapes(model)).toEqual(fixture.weightShapes);
    expect(model.outputs.map((o) => o.shape[3])).toEqual(fixture.outputs.map((o) => o.shape[3]));
    model.dispose();
  });

  it('builds the full PSPNet-Keras ResNet-101 trunk: names, parameter count, stride 8', () => {
    const model = createResnetTrunk({ family: 'pspnet', inputShape: [473, 473, 3], taps: ['conv4_23_relu'] });
    expect(model.name).toBe('resnet101_model');
    // Keras count_params() of the same trunk (tests/fixtures pspnet_keras.py), BN moving statistics included.
    expect(model.countParams()).toBe(42_729_664);
    expect(model.layers.filter((l) => l.weights.length > 0)).toHaveLength(212);
    expect(model.outputs.map((o) => o.shape)).toEqual([[null, 60, 60, 2048], [null, 60, 60, 1024]]);
    expect(model.outputs[0]!.sourceLayer.name).toBe('conv5_3_relu');
    for (const name of ['conv1_1_3x3_s2', 'conv1_3_3x3_bn', 'conv2_1_1x1_proj', 'conv3_4_1x1_increase_bn', 'conv4_23_3x3', 'conv5_1_1x1_proj_bn']) {
      expect(() => model.getLayer(name)).not.toThrow();
    }
    expect(() => model.getLayer('conv4_2_1x1_proj')).toThrow();
    expect(layerConfig(model, 'conv1_1_3x3_s2')).toMatchObject({ strides: [2, 2], kernelSize: [3, 3], useBias: false, filters: 64 });
    expect(layerConfig(model, 'conv3_1_1x1_reduce')).toMatchObject({ strides: [2, 2] });
    expect(layerConfig(model, 'conv3_1_1x1_proj')).toMatchObject({ strides: [2, 2] });
    expect(layerConfig(model, 'conv3_1_3x3')).toMatchObject({ strides: [1, 1], dilationRate: [1, 1] });
    expect(layerConfig(model, 'conv2_3_1x1_increase_bn')).toMatchObject({ momentum: 0.95, epsilon: 1e-5 });
    const dilated = model.layers.filter((l) => l instanceof AtrousConv2D).map((l) => [l.name, (l.getConfig() as { dilationRate: number[] }).dilationRate[0]]);
    expect(dilated).toHaveLength(26);
    expect(dilated.filter(([n]) => String(n).startsWith('conv4_')).every(([, d]) => d === 2)).toBe(true);
    expect(dilated.filter(([n]) => String(n).startsWith('conv5_')).every(([, d]) => d === 4)).toBe(true);
    model.dispose();
  });

  it('builds the DeepLab-v2 ResNet-101 of JPPNet: caffe names, BN epsilon 1e-3, taps res4b22_relu and res5c_relu', () => {
    const model = createResnetTrunk({ family: 'deeplab', inputShape: [384, 384, 3], taps: ['res4b22_relu'] });
    expect(model.name).toBe('resnet101');
    expect(model.countParams()).toBe(42_605_504);
    expect(model.outputs.map((o) => o.shape)).toEqual([[null, 48, 48, 2048], [null, 48, 48, 1024]]);
    expect(model.outputs[0]!.sourceLayer.name).toBe('res5c_relu');
    for (const name of ['conv1', 'bn_conv1', 'pool1', 'res2a_branch1', 'bn2a_branch1', 'res3b3_branch2c', 'bn4b22_branch2b', 'res5c_branch2b', 'res4b22', 'res4b22_relu']) {
      expect(() => model.getLayer(name)).not.toThrow();
    }
    expect(layerConfig(model, 'conv1')).toMatchObject({ kernelSize: [7, 7], strides: [2, 2], padding: 'same', useBias: false });
    expect(layerConfig(model, 'res3a_branch2a')).toMatchObject({ strides: [2, 2] });
    expect(layerConfig(model, 'res4b5_branch2b')).toMatchObject({ dilationRate: [2, 2], padding: 'same' });
    expect(layerConfig(model, 'res5a_branch2b')).toMatchObject({ dilationRate: [4, 4] });
    expect(layerConfig(model, 'bn5c_branch2c')).toMatchObject({ epsilon: 1e-3 });
    model.dispose();
  });

  it.each([
    [50, ['res3d_branch2a', 'res4f_branch2c', 'res5c_relu'], 23_561_152],
    [152, ['res3b7_branch2a', 'res4b35_branch2c', 'res5c_relu'], 58_295_232],
  ] as const)('names DeepLab ResNet-%i blocks as He et al.\'s caffe models', (depth, names, params) => {
    const model = createResnetTrunk({ family: 'deeplab', depth });
    for (const name of names) expect(() => model.getLayer(name)).not.toThrow();
    expect(model.countParams()).toBe(params);
    model.dispose();
  });

  it('output stride 16 strides stage 4 and dilates stage 5 by 2', () => {
    for (const family of ['pspnet', 'deeplab'] as const) {
      const model = createResnetTrunk({ family, outputStride: 16, widthMultiplier: 1 / 16, blocksPerStage: [1, 1, 2, 1], inputShape: [65, 63, 3] });
      expect(model.outputs[0]!.shape).toEqual([null, 5, 4, 128]);
      const atrous = model.layers.filter((l) => l instanceof AtrousConv2D);
      expect(atrous.map((l) => (l.getConfig() as { dilationRate: number[] }).dilationRate)).toEqual([[2, 2]]);
      model.dispose();
    }
  });

  it('runs on any input size when built with null sides, and the width multiplier scales channels', () => {
    const model = createResnetTrunk({ family: 'pspnet', widthMultiplier: 1 / 32, blocksPerStage: [1, 1, 1, 1], seed: 3 });
    for (const [h, w] of [[33, 33], [40, 17]] as const) {
      const y = tf.tidy(() => model.predict(tf.ones([2, h, w, 3])) as tf.Tensor);
      expect(y.shape).toEqual([2, Math.ceil(h / 8), Math.ceil(w / 8), 64]);
      expect(tf.min(y).dataSync()[0]).toBeGreaterThanOrEqual(0);
      y.dispose();
    }
    model.dispose();
  });

  it('returns taps in the order asked, after the last stage', () => {
    const model = createResnetTrunk({ family: 'deeplab', widthMultiplier: 1 / 16, blocksPerStage: [1, 1, 2, 1], taps: ['res3a_relu', 'pool1', 'bn_conv1'] });
    expect(model.outputs.map((o) => o.sourceLayer.name)).toEqual(['res5a_relu', 'res3a_relu', 'pool1', 'bn_conv1']);
    model.dispose();
  });

  it('rejects bad configs with errors that say what was expected', () => {
    expect(() => createResnetTrunk({ family: 'vgg' as 'pspnet' })).toThrow(/family must be 'pspnet' or 'deeplab', got "vgg"/);
    expect(() => createResnetTrunk({ family: 'pspnet', depth: 34 as 50 })).toThrow(/depth must be 50, 101 or 152, got 34/);
    expect(() => createResnetTrunk({ family: 'pspnet', blocksPerStage: [1, 0, 1, 1] })).toThrow(/blocksPerStage must be 4 positive integers/);
    expect(() => createResnetTrunk({ family: 'pspnet', outputStride: 32 as 8 })).toThrow(/outputStride must be 8 or 16, got 32/);
    expect(() => createResnetTrunk({ family: 'pspnet', widthMultiplier: 0 })).toThrow(/widthMultiplier must be a positive number/);
    expect(() => createResnetTrunk({ family: 'pspnet', inputShape: [32, 32.5, 3] })).toThrow(/inputShape must be/);
    expect(() => createResnetTrunk({ family: 'deeplab', widthMultiplier: 1 / 16, taps: ['res4b22_relu'], blocksPerStage: [1, 1, 2, 1] }))
      .toThrow(/no layer named 'res4b22_relu' to tap in the deeplab trunk 'resnet101'.*res4b1_relu/);
    expect(() => createResnetTrunk({ family: 'deeplab', depth: 50, blocksPerStage: [27, 1, 1, 1] })).toThrow(/cannot name block 27 with a letter/);
  });
});
