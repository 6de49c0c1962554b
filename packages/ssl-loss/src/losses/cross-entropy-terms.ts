import * as tf from '@tensorflow/tfjs-core';
import {
  labelsAsInt32,
  requireLabelValues,
  requireLabels,
  requireNhwc,
  requireSameGrid,
  resolveIgnoreLabels,
  validPixelMask,
} from '../inputs/check-inputs.js';
import type { LabelOptions } from '../inputs/label-options.js';
import { SslLossInputError } from '../ssl-loss-input-error.js';

/**
 * What the per-pixel class scores are:
 * - `'logits'`: raw scores; CE = logsumexp(z) − z_label (TF `sparse_softmax_cross_entropy_with_logits`,
 *   caffe `SoftmaxWithLoss`). JPPNet and caffe feed logits.
 * - `'probabilities'`: softmax outputs; Keras 2.0.9 `categorical_crossentropy`: p / Σp, clipped to
 *   [1e-7, 1 − 1e-7], CE = −log p_label. SS-NAN feeds its `mask_prob` this way; the clip caps the
 *   CE at 16.12 and zeroes the gradient of saturated pixels.
 */
export type PredictionKind = 'logits' | 'probabilities';

export interface CrossEntropyOptions extends LabelOptions {
  /** Default `'logits'`. Pass `'probabilities'` for softmax outputs (SS-NAN's `mask_prob`). */
  from?: PredictionKind;
}

/** Keras' `epsilon()`: the probability clip of its categorical cross-entropy. */
export const KERAS_EPSILON = 1e-7;

export interface ResolvedCrossEntropyOptions {
  from: PredictionKind;
  ignoreLabels: readonly number[];
}

/** Checks labels [B,H,W] against NHWC scores [B,H,W,C] and the options; validates label values. */
export function prepareCrossEntropy(
  fn: string,
  labels: tf.Tensor3D,
  prediction: tf.Tensor4D,
  options: CrossEntropyOptions,
  predictionName = 'prediction',
): ResolvedCrossEntropyOptions {
  requireLabels(fn, labels);
  requireNhwc(fn, prediction, predictionName, 'classes');
  requireSameGrid(fn, labels, prediction, predictionName);
  const from = options.from ?? 'logits';
  if (from !== 'logits' && from !== 'probabilities') {
    throw new SslLossInputError(`${fn}: from must be 'logits' or 'probabilities'; got '${String(from)}'.`);
  }
  const ignoreLabels = resolveIgnoreLabels(fn, options.ignoreLabels);
  if (options.validateLabels ?? true) requireLabelValues(fn, labels, prediction.shape[3], ignoreLabels);
  return { from, ignoreLabels };
}

export interface CrossEntropyTerms {
  /** [B, H, W] per-pixel CE, 0 on ignored pixels. */
  crossEntropy: tf.Tensor3D;
  /** [B, H, W] float32, 1 on pixels with a class label. */
  valid: tf.Tensor3D;
  /** [B, H, W, C] float32 one-hot labels, all-zero rows on ignored pixels. */
  target: tf.Tensor4D;
}

/**
 * The per-pixel cross-entropy and its masks, for inputs already checked by prepareCrossEntropy.
 * Only the label's channel enters the CE, so it is computed from the picked score
 * s = Σ_c onehot_c·x_c (one product and one sum over the classes) instead of a log over all
 * channels: logits −log softmax = logsumexp(z) − z_label; probabilities −log clip(p_label / Σp),
 * which equals Keras' −Σ_c t_c·log clip(p_c / Σp) value for value and gradient for gradient.
 */
export function crossEntropyTerms(labels: tf.Tensor3D, prediction: tf.Tensor4D, resolved: ResolvedCrossEntropyOptions): CrossEntropyTerms {
  const numClasses = prediction.shape[3];
  const ids = labelsAsInt32(labels);
  const validMask = validPixelMask(ids, numClasses, resolved.ignoreLabels);
  const valid = tf.cast(validMask, 'float32') as tf.Tensor3D;
  // Index −1 gives an all-zero one-hot row. int32 then cast: tfjs-backend-wasm 4.22 writes int bit
  // patterns into float32 one-hots.
  const targetIds = tf.where(validMask, ids, tf.fill(ids.shape, -1, 'int32'));
  const target = tf.cast(tf.oneHot(targetIds, numClasses), 'float32') as tf.Tensor4D;
  const perPixel =
    resolved.from === 'logits'
      ? softmaxCrossEntropyWithLogits(prediction, target)
      : tf.neg(tf.log(tf.clipByValue(tf.div(tf.sum(tf.mul(target, prediction), -1), tf.sum(prediction, -1)), KERAS_EPSILON, 1 - KERAS_EPSILON)));
  return { crossEntropy: tf.mul(perPixel, valid) as tf.Tensor3D, valid, target };
}

/**
 * logsumexp(z) − z_label per pixel with the analytic gradient (softmax(z) − onehot)·dy, like TF's
 * fused `sparse_softmax_cross_entropy_with_logits`; autodiff through logsumexp's max and
 * broadcasts costs several times more on wasm and cpu. `target` gets no gradient (it is labels).
 */
function softmaxCrossEntropyWithLogits(logits: tf.Tensor4D, target: tf.Tensor4D): tf.Tensor3D {
  const op = tf.customGrad((z, save) => {
    const value = tf.sub(tf.logSumExp(z as tf.Tensor4D, -1), tf.sum(tf.mul(target, z as tf.Tensor4D), -1)) as tf.Tensor3D;
    (save as tf.GradSaveFunc)([z as tf.Tensor4D, target]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [zSaved, targetSaved] = saved as [tf.Tensor4D, tf.Tensor4D];
        return tf.mul(tf.sub(tf.softmax(zSaved), targetSaved), tf.expandDims(dy, -1));
      },
    };
  });
  return op(logits) as tf.Tensor3D;
}
