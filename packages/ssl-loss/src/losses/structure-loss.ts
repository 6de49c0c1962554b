import * as tf from '@tensorflow/tfjs-core';
import { requireNhwc, requirePositiveNumber, requireSameShape } from '../inputs/check-inputs.js';
import { SslLossInputError } from '../ssl-loss-input-error.js';

/** caffe_ssl's `HeatmapError` scale in the released prototxt. */
export const CAFFE_HEATMAP_ERROR_SCALE = 0.05;

export interface StructureLossOptions {
  /**
   * How the per-joint squared errors Σ_{y,x}(gt − pred)² are combined: `'mean'` over joints
   * (SS-NAN, default) or `'sum'` (caffe HeatmapError, with `scale: 0.05`).
   */
  reduction?: 'mean' | 'sum';
  /** Extra factor; default 1. */
  scale?: number;
}

/**
 * Joint structure loss per image [batch]: ½ · scale · reduce_j Σ_{y,x} (gt − pred)² over NHWC joint
 * maps [batch, height, width, joints]. The default is SS-NAN's ½·mean_j Σ; the caffe HeatmapError
 * is `{ reduction: 'sum', scale: 0.05 }`. Differentiable in both maps (the SSL losses feed it
 * gradient-free maps, so it acts as a weight there). Take `tf.mean` for a scalar.
 */
export function structureLoss(gtMaps: tf.Tensor4D, predMaps: tf.Tensor4D, options: StructureLossOptions = {}): tf.Tensor1D {
  const fn = 'structureLoss';
  requireNhwc(fn, gtMaps, 'gtMaps', 'joints');
  requireNhwc(fn, predMaps, 'predMaps', 'joints');
  requireSameShape(fn, gtMaps, 'gtMaps', predMaps, 'predMaps');
  const reduction = options.reduction ?? 'mean';
  if (reduction !== 'mean' && reduction !== 'sum') throw new SslLossInputError(`${fn}: reduction must be 'mean' or 'sum'; got '${String(reduction)}'.`);
  const scale = options.scale ?? 1;
  requirePositiveNumber(fn, scale, 'scale');
  return tf.tidy(() => {
    const perJoint = tf.sum(tf.square(tf.sub(gtMaps, predMaps)), [1, 2]);
    const combined = reduction === 'mean' ? tf.mean(perJoint, 1) : tf.sum(perJoint, 1);
    return tf.mul(combined, 0.5 * scale) as tf.Tensor1D;
  });
}
