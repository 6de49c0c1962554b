// Test support shared by the training tests and their child processes: a tiny segmenter with
// BatchNorm and seeded dropout, and a deterministic batch factory that honours `skip`.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { atrousConv2dLayer } from '../../layers/atrous-conv2d-layer.js';
import { seededTensor } from '../../testing/test-backends.js';
import { seededDropout } from '../seeded-dropout.js';
import type { BatchFactory, TrainingBatch } from '../training-data.js';

export function tinySegmenter(options: { dropout?: number } = {}): tfl.LayersModel {
  const input = tfl.input({ shape: [16, 16, 3], name: 'image' });
  let x = tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', useBias: false, name: 'conv1', kernelInitializer: tfl.initializers.glorotUniform({ seed: 11 }) }).apply(input) as tfl.SymbolicTensor;
  x = tfl.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5, name: 'conv1_bn' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.activation({ activation: 'relu' }).apply(x) as tfl.SymbolicTensor;
  x = atrousConv2dLayer({ filters: 4, kernelSize: 3, dilationRate: 2, padding: 'same', name: 'conv5_1', kernelInitializer: tfl.initializers.glorotUniform({ seed: 12 }) }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5, name: 'conv5_1_bn' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.activation({ activation: 'relu' }).apply(x) as tfl.SymbolicTensor;
  x = seededDropout({ rate: options.dropout ?? 0.3, name: 'mask_drop' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.conv2d({ filters: 3, kernelSize: 1, name: 'mask_class_conv', kernelInitializer: tfl.initializers.glorotUniform({ seed: 13 }) }).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: x, name: 'tiny_segmenter' });
}

/** A batch of `size` 16×16 images with labels from a fixed rule, fully determined by (epoch, index). */
export function makeBatch(epoch: number, index: number, size = 2): TrainingBatch<tf.Tensor> {
  return tf.tidy(() => {
    const inputs = seededTensor([size, 16, 16, 3], 1000 * (epoch % 2) + index + 1);
    const targets = tf.oneHot(tf.argMax(tf.add(inputs, tf.tensor1d([0.2, 0, -0.2])), -1), 3);
    return { inputs, targets };
  });
}

/** A batch factory over `stepsPerEpoch` batches per epoch that starts at `skip`, as the contract asks. */
export function batchFactory(stepsPerEpoch: number): BatchFactory<TrainingBatch<tf.Tensor>> {
  return function* ({ epoch, skip }) {
    for (let i = skip; i < stepsPerEpoch; i++) yield makeBatch(epoch, i);
  };
}

export const segmentationLoss = (logits: tf.Tensor | tf.Tensor[], targets: tf.Tensor): tf.Scalar =>
  tf.losses.softmaxCrossEntropy(targets, logits as tf.Tensor) as tf.Scalar;
