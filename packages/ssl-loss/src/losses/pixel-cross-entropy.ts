import * as tf from '@tensorflow/tfjs-core';
import { crossEntropyTerms, prepareCrossEntropy, type CrossEntropyOptions } from './cross-entropy-terms.js';

/**
 * Per-pixel cross-entropy [batch, height, width] of NHWC class scores against int labels;
 * 0 on ignored pixels (labels 255 / 240 by default). Differentiable.
 */
export function pixelCrossEntropy(labels: tf.Tensor3D, prediction: tf.Tensor4D, options: CrossEntropyOptions = {}): tf.Tensor3D {
  const resolved = prepareCrossEntropy('pixelCrossEntropy', labels, prediction, options);
  return tf.tidy(() => crossEntropyTerms(labels, prediction, resolved).crossEntropy);
}
