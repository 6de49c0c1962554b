import * as tf from '@tensorflow/tfjs-core';
import { computeJointCentres, type ComputeJointCentresOptions } from './joint-centres.js';
import { renderJointMaps } from './render-joint-maps.js';

export interface JointMapsFromLabelsOptions extends ComputeJointCentresOptions {
  /** Gaussian σ in pixels. Default 1. */
  sigma?: number;
}

/**
 * computeJointCentres then renderJointMaps on the same grid: [batch, height, width, joints]
 * Gaussian joint maps of a label map (or of class maps), without gradient. With the defaults
 * this is SS-NAN's `GRenderLayer(ComputeCentersLayer(one_hot(labels)))`; with
 * `variant: 'caffe'` it is caffe_ssl's `PoseCreate(PoseEvaluate(labels))`.
 */
export function jointMapsFromLabels(input: tf.Tensor3D | tf.Tensor4D, options: JointMapsFromLabelsOptions = {}): tf.Tensor4D {
  const centres = computeJointCentres(input, options);
  try {
    return renderJointMaps(centres, { height: input.shape[1]!, width: input.shape[2]!, sigma: options.sigma });
  } finally {
    tf.dispose([centres.centres, centres.present]);
  }
}
