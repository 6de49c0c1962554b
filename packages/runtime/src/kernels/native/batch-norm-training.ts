import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { BatchNormTraining, BatchNormTrainingGrad, type BatchNormTrainingAttrs } from '../batch-norm-training/kernel-names.js';
import { float32Attrs, type NativeBackend } from './native-backend.js';

/**
 * TensorFlow's FusedBatchNormV3 / FusedBatchNormGradV3 in training mode. Both want a 4-D NHWC input: any
 * channels-last x is viewed as [1, 1, R, C], which normalises over the same R positions. On CPU,
 * reserve_space_1 / _2 are the batch mean and the biased batch variance (the batch_variance output is
 * Bessel-corrected), exactly what the gradient takes back. On GPU, reserve_space_2 holds cuDNN's inverse
 * variance instead, so `batchNormTrainingAvailable` keeps GPU devices on tfjs-layers' own path.
 */
function as4d(x: tf.Tensor): tf.Tensor {
  const channels = x.shape[x.rank - 1]!;
  return x.rank === 4 ? x : tf.reshape(x, [1, 1, x.size / channels, channels]);
}

/** A reshape is a TensorFlow op on this backend: skipped when the shape already is the wanted one. */
function reshapedLike(t: tf.Tensor, like: tf.Tensor): tf.Tensor {
  return like.rank === 4 ? t : tf.reshape(t, like.shape);
}

function attrs(backend: NativeBackend, epsilon: number) {
  return float32Attrs(backend, ['T', 'U'], { epsilon, data_format: 'NHWC', is_training: true });
}

const forward: KernelFunc = ({ inputs, backend, attrs: kernelAttrs }) => {
  const { x, scale, offset } = inputs as { x: tf.Tensor; scale: tf.Tensor; offset: tf.Tensor };
  const { varianceEpsilon } = kernelAttrs as unknown as BatchNormTrainingAttrs;
  return tf.tidy(() => {
    const empty = tf.zeros([0]);
    const [y, , , mean, variance] = (backend as unknown as NativeBackend).executeMultipleOutputs(
      'FusedBatchNormV3', attrs(backend as unknown as NativeBackend, varianceEpsilon), [as4d(x), scale, offset, empty, empty], 6);
    return [reshapedLike(y!, x), mean!, variance!];
  });
};

const gradient: KernelFunc = ({ inputs, backend, attrs: kernelAttrs }) => {
  const { dy, x, scale, mean, variance } = inputs as { dy: tf.Tensor; x: tf.Tensor; scale: tf.Tensor; mean: tf.Tensor; variance: tf.Tensor };
  const { varianceEpsilon } = kernelAttrs as unknown as BatchNormTrainingAttrs;
  return tf.tidy(() => {
    const [dx, dScale, dOffset] = (backend as unknown as NativeBackend).executeMultipleOutputs(
      'FusedBatchNormGradV3', attrs(backend as unknown as NativeBackend, varianceEpsilon), [as4d(dy), as4d(x), scale, mean, variance, tf.zeros([0])], 5);
    return [reshapedLike(dx!, x), dScale!, dOffset!];
  });
};

export const nativeBatchNormTrainingKernels: readonly KernelConfig[] = [
  { kernelName: BatchNormTraining, backendName: 'tensorflow', kernelFunc: forward },
  { kernelName: BatchNormTrainingGrad, backendName: 'tensorflow', kernelFunc: gradient },
];
