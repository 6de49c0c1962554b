import * as tf from '@tensorflow/tfjs-core';
import { requirePositiveNumber } from '../inputs/check-inputs.js';
import { SslLossInputError } from '../ssl-loss-input-error.js';
import { withoutGradient } from '../without-gradient.js';
import { crossEntropyTerms, prepareCrossEntropy, type CrossEntropyOptions } from './cross-entropy-terms.js';

/** SS-NAN's `KK`: OHEM keeps the hardest H·W/3 pixels of each image. */
export const SSNAN_OHEM_DIVISOR = 3;

export interface OhemOptions extends CrossEntropyOptions {
  /** Pixels kept per image. Default floor(H·W / divisor), as SS-NAN's `int(H*W/KK)`. */
  k?: number;
  /** Default 3: the hardest third. Ignored when `k` is given. */
  divisor?: number;
}

/** floor(height·width / divisor): the number of pixels OHEM keeps per image. */
export function ohemKeepCount(height: number, width: number, divisor: number = SSNAN_OHEM_DIVISOR): number {
  return Math.floor((height * width) / divisor);
}

/**
 * Online hard example mining cross-entropy, per image [batch]: the mean of the k largest pixel
 * CEs of each image (ignored pixels count as CE 0 and can be among them when few pixels are
 * valid, as in SS-NAN's `top_k` over the whole map). The gradient reaches exactly the k selected
 * pixels, like TF's `top_k` gradient; ties at the threshold go to the lowest pixel indices.
 */
export function ohemCrossEntropyPerImage(labels: tf.Tensor3D, prediction: tf.Tensor4D, options: OhemOptions = {}): tf.Tensor1D {
  const fn = 'ohemCrossEntropyPerImage';
  const resolved = prepareCrossEntropy(fn, labels, prediction, options);
  const k = resolveKeepCount(fn, prediction.shape[1] * prediction.shape[2], options);
  return tf.tidy(() => hardestMeanPerImage(crossEntropyTerms(labels, prediction, resolved).crossEntropy, k));
}

/** SS-NAN's `mrcnn_mask_loss_graph(…, OHEM=True, KK=3)`: the batch mean of ohemCrossEntropyPerImage (scalar). */
export function ohemCrossEntropy(labels: tf.Tensor3D, prediction: tf.Tensor4D, options: OhemOptions = {}): tf.Scalar {
  const fn = 'ohemCrossEntropy';
  const resolved = prepareCrossEntropy(fn, labels, prediction, options);
  const k = resolveKeepCount(fn, prediction.shape[1] * prediction.shape[2], options);
  return tf.tidy(() => tf.mean(hardestMeanPerImage(crossEntropyTerms(labels, prediction, resolved).crossEntropy, k)) as tf.Scalar);
}

export function resolveKeepCount(fn: string, pixels: number, options: Pick<OhemOptions, 'k' | 'divisor'>): number {
  if (options.k !== undefined) {
    if (!Number.isInteger(options.k) || options.k < 1 || options.k > pixels) {
      throw new SslLossInputError(`${fn}: k must be an integer in 1..${pixels} (pixels per image); got ${String(options.k)}.`);
    }
    return options.k;
  }
  const divisor = options.divisor ?? SSNAN_OHEM_DIVISOR;
  requirePositiveNumber(fn, divisor, 'divisor');
  const k = Math.min(pixels, Math.floor(pixels / divisor));
  if (k < 1) throw new SslLossInputError(`${fn}: floor(${pixels} pixels / divisor ${divisor}) keeps no pixel; use a larger map or pass k.`);
  return k;
}

/** [B]: mean of the k largest values of each image of a [B, H, W] map. */
export function hardestMeanPerImage(crossEntropy: tf.Tensor3D, k: number): tf.Tensor1D {
  const [b, h, w] = crossEntropy.shape;
  const flat = tf.reshape(crossEntropy, [b, h * w]);
  const selected = withoutGradient(flat, (values) => hardestPixelMask(values as tf.Tensor2D, k));
  return tf.div(tf.sum(tf.mul(selected, flat), 1), k) as tf.Tensor1D;
}

/**
 * 0/1 mask [B, N] of the k largest entries per row: everything above the k-th value, then as many
 * entries equal to it as are still needed, lowest index first (TF's top_k order for ties).
 */
function hardestPixelMask(values: tf.Tensor2D, k: number): tf.Tensor2D {
  return tf.tidy(() => {
    // Unsorted top-k (a full sort of k = H·W/3 values is several times slower on tensorflow); the
    // threshold is its minimum.
    const threshold = tf.min(tf.topk(values, k, false).values, 1, true);
    const above = tf.cast(tf.greater(values, threshold), 'float32');
    const tied = tf.cast(tf.equal(values, threshold), 'float32');
    const stillNeeded = tf.sub(k, tf.sum(above, 1, true));
    const tieRank = tf.cumsum(tied, 1, true);
    return tf.add(above, tf.mul(tied, tf.cast(tf.less(tieRank, stillNeeded), 'float32'))) as tf.Tensor2D;
  });
}
