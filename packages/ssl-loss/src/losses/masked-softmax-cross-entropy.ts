import * as tf from '@tensorflow/tfjs-core';
import { crossEntropyTerms, prepareCrossEntropy, type CrossEntropyOptions } from './cross-entropy-terms.js';

/**
 * Mean cross-entropy over the valid pixels of the whole batch (scalar): JPPNet's parsing loss
 * (`reduce_mean(sparse_softmax_cross_entropy_with_logits)` over pixels with label ≤ 19) and
 * caffe's `SoftmaxWithLoss` (ignore_label 255, normalisation VALID). Takes logits by default.
 * With no valid pixel at all the loss is 0 (caffe's max(1, count) normaliser; TF would give NaN).
 */
export function maskedSoftmaxCrossEntropy(labels: tf.Tensor3D, prediction: tf.Tensor4D, options: CrossEntropyOptions = {}): tf.Scalar {
  const resolved = prepareCrossEntropy('maskedSoftmaxCrossEntropy', labels, prediction, options);
  return tf.tidy(() => {
    const { crossEntropy, valid } = crossEntropyTerms(labels, prediction, resolved);
    return tf.div(tf.sum(crossEntropy), tf.maximum(tf.sum(valid), 1)) as tf.Scalar;
  });
}
