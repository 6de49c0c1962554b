import * as tf from '@tensorflow/tfjs-core';
import { requireNhwc, requireSameShape } from '../inputs/check-inputs.js';
import { withoutGradient } from '../without-gradient.js';

/**
 * JPPNet's pose loss (scalar): mean over the batch of the L2 norm (not squared) of the heatmap
 * difference, `reduce_mean(sqrt(reduce_sum(square(gt − pred), [1, 2, 3])))`, on NHWC heatmaps
 * [batch, height, width, joints] (JPPNet: 16 joints, GT divided by 255). An image whose
 * prediction equals its GT exactly gets gradient 0 there instead of TF's NaN.
 */
export function poseL2Loss(gtHeatmaps: tf.Tensor4D, predHeatmaps: tf.Tensor4D): tf.Scalar {
  const fn = 'poseL2Loss';
  requireNhwc(fn, gtHeatmaps, 'gtHeatmaps', 'joints');
  requireNhwc(fn, predHeatmaps, 'predHeatmaps', 'joints');
  requireSameShape(fn, gtHeatmaps, 'gtHeatmaps', predHeatmaps, 'predHeatmaps');
  return tf.tidy(() => {
    const squared = tf.sum(tf.square(tf.sub(gtHeatmaps, predHeatmaps)), [1, 2, 3]);
    const positive = withoutGradient(squared, (s) => tf.greater(s, 0)); // comparisons have no gradient
    // sqrt'(0) is infinite: route exact zeros through a constant branch so their gradient is 0.
    const norm = tf.where(positive, tf.sqrt(tf.where(positive, squared, tf.onesLike(squared))), tf.zerosLike(squared));
    return tf.mean(norm) as tf.Scalar;
  });
}
