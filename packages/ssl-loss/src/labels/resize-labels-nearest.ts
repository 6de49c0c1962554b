import * as tf from '@tensorflow/tfjs-core';
import { requireLabels, requirePositiveInteger } from '../inputs/check-inputs.js';
import { SslLossInputError } from '../ssl-loss-input-error.js';

/**
 * Nearest-neighbour resize of a label map [batch, height, width] to [batch, h, w], int32, with TF1
 * `resize_nearest_neighbor` semantics (align_corners = false, no half-pixel centres: source index
 * floor(i · in / out)). This is JPPNet's `prepare_label` for its 48² / 36² / 24² outputs.
 */
export function resizeLabelsNearest(labels: tf.Tensor3D, size: readonly [number, number]): tf.Tensor3D {
  const fn = 'resizeLabelsNearest';
  requireLabels(fn, labels);
  if (!Array.isArray(size) || size.length !== 2) throw new SslLossInputError(`${fn}: size must be [height, width]; got ${JSON.stringify(size)}.`);
  requirePositiveInteger(fn, size[0], 'size[0] (height)');
  requirePositiveInteger(fn, size[1], 'size[1] (width)');
  return tf.tidy(() => {
    const resized = tf.image.resizeNearestNeighbor(tf.expandDims(labels, -1) as tf.Tensor4D, [size[0], size[1]], false, false);
    // wasm returns float32 for int32 input; the values are still the original ids.
    return tf.cast(tf.squeeze(resized, [3]), 'int32') as tf.Tensor3D;
  });
}
