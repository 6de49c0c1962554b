import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '@lip/runtime';
import { caffeSslLoss, computeJointCentres, maskedSoftmaxCrossEntropy, ohemCrossEntropy, poseL2Loss, renderJointMaps, SslLossInputError, ssnanSslLoss, structureLoss } from './index.js';
import { averageLossTerms, jointGroupsFromMergeDict, resizeLabelsNearest } from './internal.js';
import { jppnetTrainingLoss, ssnanTrainingLoss, type SsnanTrainMode } from './training.js';

beforeAll(async () => {
  await useBackend('cpu');
});

const labels = (values?: number[]) => tf.tensor3d(values ?? [0, 1, 2, 255, 240, 19, 5, 0], [2, 2, 2], 'int32');
const logits = (shape: [number, number, number, number] = [2, 2, 2, 20]) => tf.zeros(shape) as tf.Tensor4D;
const expectError = (f: () => unknown, message: RegExp) => {
  expect(f).toThrow(SslLossInputError);
  expect(f).toThrow(message);
};

describe('label and prediction checks', () => {
  it('names the expected label layout', () => {
    expectError(() => maskedSoftmaxCrossEntropy(tf.zeros([2, 2], 'int32') as unknown as tf.Tensor3D, logits()), /maskedSoftmaxCrossEntropy: labels must be \[batch, height, width\] class ids; got shape \[2, 2\]/);
    expectError(() => ohemCrossEntropy(tf.zeros([2, 2, 2, 1], 'int32') as unknown as tf.Tensor3D, logits()), /squeeze the channel axis/);
    expectError(() => ohemCrossEntropy(tf.zeros([2, 2, 2], 'bool') as tf.Tensor3D, logits()), /int32 \(or float32 integer\) class ids; got dtype bool/);
  });

  it('names the expected prediction layout and a grid mismatch', () => {
    expectError(() => maskedSoftmaxCrossEntropy(labels(), tf.zeros([2, 2, 20]) as unknown as tf.Tensor4D), /prediction must be NHWC \[batch, height, width, classes\]; got shape \[2, 2, 20\]/);
    expectError(() => maskedSoftmaxCrossEntropy(labels(), tf.zeros([2, 2, 2, 20], 'int32') as tf.Tensor4D), /prediction must be float32; got dtype int32/);
    expectError(() => ssnanSslLoss(labels(), logits([2, 2, 3, 20])), /labels \[2, 2, 2\] and prediction \[2, 2, 3, 20\] must share \[batch, height, width\]/);
  });

  it('rejects label values other than class ids and the ignore labels, with a count and an example', () => {
    expect(() => maskedSoftmaxCrossEntropy(labels(), logits()).dispose()).not.toThrow();
    expectError(() => maskedSoftmaxCrossEntropy(labels([0, 1, 21, 255, 240, 19, 5, 0]), logits()), /labels must hold class ids 0\.\.19 or the ignore labels 255\/240; found 1 other value \(e\.g\. 21\)/);
    expectError(() => ohemCrossEntropy(labels([-1, 1, 2, 3, 4, 5, 6, 100]), logits()), /found 2 other values \(e\.g\. 100\)/);
    expectError(() => ohemCrossEntropy(tf.tensor3d([0, 1.5, 2, 3, 4, 5, 6, 7], [2, 2, 2]), logits()), /found 1 other value \(e\.g\. 1\.5\)/);
    expectError(() => ohemCrossEntropy(labels(), logits(), { ignoreLabels: [255] }), /ignore labels 255; found 1 other value \(e\.g\. 240\)/);
    expect(() => ohemCrossEntropy(labels([0, 1, 21, 255, 240, 19, 5, 0]), logits(), { validateLabels: false }).dispose()).not.toThrow();
  });

  it('checks options', () => {
    expectError(() => ohemCrossEntropy(labels(), logits(), { k: 5 }), /k must be an integer in 1\.\.4 \(pixels per image\); got 5/);
    expectError(() => ohemCrossEntropy(labels(), logits(), { divisor: 0 }), /divisor must be a positive finite number; got 0/);
    expectError(() => ohemCrossEntropy(labels(), logits(), { divisor: 5 }), /keeps no pixel/);
    expectError(() => ohemCrossEntropy(labels(), logits(), { from: 'softmax' as 'logits' }), /from must be 'logits' or 'probabilities'; got 'softmax'/);
    expectError(() => ssnanSslLoss(labels(), logits(), { gtJointMaps: tf.zeros([2, 2, 2, 8]) as tf.Tensor4D }), /gtJointMaps must be \[2, 2, 2, 9\]/);
    expectError(() => caffeSslLoss(labels(), logits(), { structureError: tf.zeros([3]) as tf.Tensor1D }), /structureError must be a \[2\] tensor \(one value per image\); got shape \[3\]/);
  });
});

describe('joint checks', () => {
  it('computeJointCentres names bad variants, groups and class counts', () => {
    expectError(() => computeJointCentres(labels(), { variant: 'mean' as 'exact' }), /variant must be one of 'ssnan', 'caffe', 'exact'; got 'mean'/);
    expectError(() => computeJointCentres(labels(), { accumulateAcrossBatch: true }), /accumulateAcrossBatch reproduces a caffe quirk and needs variant 'caffe'; got 'ssnan'/);
    expectError(() => computeJointCentres(labels(), { groups: [[1, 20]] }), /groups\[0\] holds 20; class ids must be integers in 0\.\.19/);
    expectError(() => computeJointCentres(labels(), { groups: [[1, 2], [2]] }), /class 2 is in both groups\[0\] and groups\[1\]/);
    expectError(() => computeJointCentres(logits(), { numClasses: 19 }), /numClasses 19 disagrees with the 20 channels of the class maps/);
    expectError(() => computeJointCentres(tf.zeros([4, 4], 'int32') as unknown as tf.Tensor3D), /labels \(or \[batch, height, width, classes\] class maps\) must be \[batch, height, width\]/);
    expectError(() => jointGroupsFromMergeDict([0, 1, 3]), /joint 2 has no class/);
  });

  it('renderJointMaps names bad centres and sizes', () => {
    const centres = tf.zeros([2, 9, 2]) as tf.Tensor3D;
    expectError(() => renderJointMaps({ centres: tf.zeros([2, 9]) as unknown as tf.Tensor3D }, { height: 4, width: 4 }), /centres\.centres must be a \[batch, joints, 2\] \(y, x\) tensor; got shape \[2, 9\]/);
    expectError(() => renderJointMaps({ centres, present: tf.ones([2, 8]) as tf.Tensor2D }, { height: 4, width: 4 }), /centres\.present must be \[2, 9\]/);
    expectError(() => renderJointMaps({ centres }, { height: 0, width: 4 }), /height must be a positive integer; got 0/);
    expectError(() => renderJointMaps({ centres }, { height: 4, width: 4, sigma: -1 }), /sigma must be a positive finite number; got -1/);
  });
});

describe('loss-specific checks', () => {
  it('map losses need equal shapes', () => {
    expectError(() => structureLoss(tf.zeros([1, 4, 4, 9]) as tf.Tensor4D, tf.zeros([1, 4, 5, 9]) as tf.Tensor4D), /gtMaps \[1, 4, 4, 9\] and predMaps \[1, 4, 5, 9\] must have the same shape/);
    expectError(() => poseL2Loss(tf.zeros([1, 4, 4, 16]) as tf.Tensor4D, tf.zeros([1, 4, 4, 15]) as tf.Tensor4D), /gtHeatmaps \[1, 4, 4, 16\] and predHeatmaps \[1, 4, 4, 15\]/);
    expectError(() => averageLossTerms([]), /terms must be a non-empty array of scalar losses/);
    expectError(() => averageLossTerms([tf.zeros([2]) as unknown as tf.Scalar]), /terms\[0\] must be a scalar tensor; got shape \[2\]/);
    expectError(() => resizeLabelsNearest(labels(), [0, 3]), /size\[0\] \(height\) must be a positive integer; got 0/);
  });

  it('ssnanTrainingLoss names the trainmode and the output it needs', () => {
    expectError(() => ssnanTrainingLoss('finetune_ss' as SsnanTrainMode, labels(), {}), /trainmode must be one of pretrain, finetune, finetune_withdeep, finetune_ssloss, finetune_ssloss_withdeep; got 'finetune_ss'/);
    expectError(() => ssnanTrainingLoss('pretrain', labels(), { nan: logits() }), /trainmode 'pretrain' needs outputs\.single/);
    expectError(() => ssnanTrainingLoss('finetune_ssloss_withdeep', labels(), { nan: logits() }), /needs outputs\.perScale/);
  });

  it('jppnetTrainingLoss names the mismatching output', () => {
    const base = { labels: labels(), heatmaps: tf.zeros([2, 2, 2, 16]) as tf.Tensor4D, parsing: [logits()], pose: [tf.zeros([2, 2, 2, 16]) as tf.Tensor4D] };
    expectError(() => jppnetTrainingLoss({ ...base, parsing: [logits([1, 2, 2, 20])] }), /inputs\.parsing\[0\] has batch 1, the labels 2/);
    expectError(() => jppnetTrainingLoss({ ...base, pose: [tf.zeros([2, 2, 2, 14]) as tf.Tensor4D] }), /inputs\.pose\[0\] has 14 joints, inputs\.heatmaps 16/);
    expectError(() => jppnetTrainingLoss({ ...base, parsing: [] }), /inputs\.parsing must be a non-empty array/);
  });
});
