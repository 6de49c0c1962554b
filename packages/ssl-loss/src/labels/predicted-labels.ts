import * as tf from '@tensorflow/tfjs-core';
import { requireNhwc } from '../inputs/check-inputs.js';
import { withoutGradient } from '../without-gradient.js';

/**
 * Per-pixel argmax [batch, height, width] int32 of NHWC class scores (logits or probabilities give
 * the same labels; ties go to the lowest class id). No gradient.
 */
export function predictedLabels(prediction: tf.Tensor4D): tf.Tensor3D {
  requireNhwc('predictedLabels', prediction, 'prediction', 'classes');
  return withoutGradient(prediction, (p) => tf.argMax(p, -1) as tf.Tensor3D);
}
