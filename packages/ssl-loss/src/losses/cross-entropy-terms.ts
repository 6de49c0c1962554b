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
  /** [B, H, W, C] one-hot labels, all-zero rows on ignored pixels. */
  target: tf.Tensor4D;
  /** [B, H, W, C] log-softmax (logits only; the caffe backward needs it). */
  logSoftmax?: tf.Tensor4D;
}

/** The per-pixel cross-entropy and its masks, for inputs already checked by prepareCrossEntropy. */
export function crossEntropyTerms(labels: tf.Tensor3D, prediction: tf.Tensor4D, resolved: ResolvedCrossEntropyOptions): CrossEntropyTerms {
  const numClasses = prediction.shape[3];
  const ids = labelsAsInt32(labels);
  const validMask = validPixelMask(ids, numClasses, resolved.ignoreLabels);
  const valid = tf.cast(validMask, 'float32') as tf.Tensor3D;
  const safeIds = tf.where(validMask, ids, tf.zerosLike(ids));
  // int32 one-hot, then cast: tfjs-backend-wasm 4.22 writes int bit patterns into float32 one-hots.
  const target = tf.mul(tf.cast(tf.oneHot(safeIds, numClasses), 'float32'), tf.expandDims(valid, -1)) as tf.Tensor4D;
  let logProbabilities: tf.Tensor4D;
  let logSoftmax: tf.Tensor4D | undefined;
  if (resolved.from === 'logits') {
    logSoftmax = tf.logSoftmax(prediction) as tf.Tensor4D;
    logProbabilities = logSoftmax;
  } else {
    const normalised = tf.div(prediction, tf.sum(prediction, -1, true));
    logProbabilities = tf.log(tf.clipByValue(normalised, KERAS_EPSILON, 1 - KERAS_EPSILON)) as tf.Tensor4D;
  }
  const crossEntropy = tf.neg(tf.sum(tf.mul(target, logProbabilities), -1)) as tf.Tensor3D;
  return { crossEntropy, valid, target, logSoftmax };
}
