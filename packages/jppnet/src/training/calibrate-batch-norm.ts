import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { batchNormLayers } from '@lip/runtime/training';
import { Jppnet } from '../model/jppnet.js';

type BatchNormLike = tfl.layers.Layer & { momentum: number };

/**
 * Sets every BN layer's moving mean and variance to the statistics of `images` (one forward pass in
 * training mode with momentum 0), leaving gamma, beta and every other weight as they are.
 *
 * JPPNet trains with frozen BN (slim `is_training=False`), which presumes meaningful moving statistics from
 * a pretrained model. A network trained from scratch has none (mean 0, variance 1, so BN normalises nothing
 * and raw ±128 pixel values blow activations up); calibrating on a few images first gives frozen-BN training
 * the normalisation a pretrained trunk would have, with the same behaviour at training and test time. Not
 * part of the reference. `images`: [B, H, W, 3] network inputs (BGR − mean).
 */
export function calibrateBatchNorm(target: Jppnet | tfl.LayersModel, images: tf.Tensor4D): void {
  const model = target instanceof Jppnet ? target.model : target;
  const layers = batchNormLayers(model) as BatchNormLike[];
  const momenta = layers.map((l) => l.momentum);
  try {
    for (const l of layers) l.momentum = 0;
    tf.tidy(() => {
      model.apply(images, { training: true });
    });
  } finally {
    layers.forEach((l, i) => {
      l.momentum = momenta[i]!;
    });
  }
}
