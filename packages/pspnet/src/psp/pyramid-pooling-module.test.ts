import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '@lip/runtime';
import { pyramidPoolingModule, pyramidPoolKernel, pyramidPoolKernels } from './pyramid-pooling-module.js';

beforeAll(async () => {
  await useBackend('cpu');
});

describe('pyramid pooling kernels', () => {
  it('reproduce PSPNet-Keras\' tables: 473² → 60² features, 713² → 90²', () => {
    expect(Object.fromEntries(pyramidPoolKernels([60, 60]))).toEqual({ 1: [60, 60], 2: [30, 30], 3: [20, 20], 6: [10, 10] });
    expect(Object.fromEntries(pyramidPoolKernels([90, 90]))).toEqual({ 1: [90, 90], 2: [45, 45], 3: [30, 30], 6: [15, 15] });
  });

  it('floor the division elsewhere, per axis', () => {
    expect(pyramidPoolKernel([8, 7], 3)).toEqual([2, 2]);
    expect(pyramidPoolKernel([8, 7], 6)).toEqual([1, 1]);
    expect(pyramidPoolKernel([40, 40], 6)).toEqual([6, 6]);
  });

  it('take explicit pool sizes per bin', () => {
    expect(Object.fromEntries(pyramidPoolKernels([60, 60], [1, 6], { 6: 12, 1: [60, 30] }))).toEqual({ 1: [60, 30], 6: [12, 12] });
  });

  it('reject maps too small for a bin and bad pool sizes', () => {
    expect(() => pyramidPoolKernel([5, 5], 6)).toThrow(/a 5×5 feature map is too small for pyramid bin 6/);
    expect(() => pyramidPoolKernels([6, 6], [2], { 2: 7 })).toThrow(/pool size 7 for bin 2 must be positive integers no larger than the 6×6 feature map/);
    expect(() => pyramidPoolKernel([6, 6], 0)).toThrow(/pyramid bin must be a positive integer, got 0/);
  });
});

describe('pyramidPoolingModule', () => {
  it('concatenates [features, pool6, pool3, pool2, pool1] with the reference layer names', () => {
    const input = tfl.input({ shape: [6, 6, 16] });
    const out = pyramidPoolingModule(input, { widthMultiplier: 1 / 64 });
    expect(out.shape).toEqual([null, 6, 6, 16 + 4 * 8]);
    const model = tfl.model({ inputs: input, outputs: out });
    const weighted = model.layers.filter((l) => l.weights.length > 0).map((l) => l.name).sort();
    expect(weighted).toEqual(['conv5_3_pool1_conv', 'conv5_3_pool1_conv_bn', 'conv5_3_pool2_conv', 'conv5_3_pool2_conv_bn', 'conv5_3_pool3_conv', 'conv5_3_pool3_conv_bn', 'conv5_3_pool6_conv', 'conv5_3_pool6_conv_bn']);
    const concat = model.getLayer('conv5_3_concat');
    const inbound = (concat as unknown as { inboundNodes: Array<{ inboundLayers: Array<{ name: string }> }> }).inboundNodes[0]!.inboundLayers.map((l) => l.name);
    expect(inbound[0]).toBe(model.layers[0]!.name);
    expect(inbound.slice(1)).toEqual(['conv5_3_pool6_interp', 'conv5_3_pool3_interp', 'conv5_3_pool2_interp', 'conv5_3_pool1_interp']);
    expect(model.getLayer('conv5_3_pool1_interp').getConfig()).toMatchObject({ size: [6, 6], alignCorners: true });
    expect(model.getLayer('conv5_3_pool3').getConfig()).toMatchObject({ poolSize: [2, 2], strides: [2, 2], padding: 'valid' });
    expect(model.getLayer('conv5_3_pool2_conv_bn').getConfig()).toMatchObject({ momentum: 0.95, epsilon: 1e-5 });
    model.dispose();
  });

  it('needs a fixed feature size and distinct bins', () => {
    expect(() => pyramidPoolingModule(tfl.input({ shape: [null, null, 8] }))).toThrow(/needs NHWC features of fixed height and width.*\[null,null,null,8\]/);
    expect(() => pyramidPoolingModule(tfl.input({ shape: [6, 6, 8] }), { bins: [1, 1] })).toThrow(/pyramid bins must be distinct/);
  });
});
