import * as tf from '@tensorflow/tfjs-core';
import type { Ssnan } from '../model/ssnan.js';
import { checkSsnanTrainMode, type SsnanTrainMode } from './ssnan-train-modes.js';

/** `s = 1 − 0.25·randint(0, 3)`: pretrain's scale of the step, ∈ {1.0, 0.75, 0.5}. */
export const SSNAN_PRETRAIN_SCALES: readonly number[] = Object.freeze([1.0, 0.75, 0.5]);

/** Draws pretrain's scale from a uniform [0, 1) number (e.g. `context.random.next()` of `@lip/runtime`'s train). */
export function pretrainScaleFrom(uniform: number): number {
  if (!(uniform >= 0 && uniform < 1)) throw new RangeError(`pretrainScaleFrom: expected a number in [0, 1), got ${uniform}`);
  return SSNAN_PRETRAIN_SCALES[Math.floor(uniform * 3)]!;
}

export interface SsnanForwardOptions {
  readonly mode: SsnanTrainMode;
  /** Dropout active, BN on batch statistics (unless frozen). Default true. */
  readonly training?: boolean;
  /** pretrain only: the step's scale (0.5, 0.75 or 1.0). Required in pretrain. */
  readonly pretrainScale?: number;
}

/**
 * The outputs of a training sub-mode's graph (`train_submode` of `AttResnet101FCN.build`), every one a probability map [B, H, W, classes] at the input
 * resolution; the first is the prediction the reference reports pixel accuracy on (its `outputs[0]`):
 * - `pretrain`: `[s_prob]`, `mask_class_conv` on the one scale drawn for the step (the reference builds three
 *   copies at the same random scale and uses the first; one copy is the same computation);
 * - `finetune`, `finetune_ssloss`: `[mask_prob]`;
 * - `finetune_withdeep`: `[mask_prob, deep_0.5, deep_0.75, deep_1.0]`, the deep outputs through `mask_class_conv`;
 * - `finetune_ssloss_withdeep`: the same order, the deep outputs through the shared `mask_denseclass_conv`.
 */
export function ssnanForward(ssnan: Ssnan, images: tf.Tensor, options: SsnanForwardOptions): tf.Tensor4D[] {
  checkSsnanTrainMode(options.mode);
  ssnan.checkImages(images);
  const training = options.training ?? true;
  const { mode } = options;
  const { head } = ssnan;
  return tf.tidy(() => {
    if (mode === 'pretrain') {
      const s = options.pretrainScale;
      if (s === undefined || !SSNAN_PRETRAIN_SCALES.includes(s)) {
        throw new RangeError(`ssnanForward: pretrain needs pretrainScale 0.5, 0.75 or 1.0 (draw it per step with pretrainScaleFrom), got ${s}`);
      }
      return [ssnan.classify(ssnan.scaleFeatures(images, s, training), head.maskClassConv, images)];
    }
    const features = ssnan.config.scales.map((s) => ssnan.scaleFeatures(images, s, training));
    const maskProb = ssnan.maskProbFromFeatures(features, images, training);
    if (mode === 'finetune' || mode === 'finetune_ssloss') return [maskProb];
    const classifier = mode === 'finetune_withdeep' ? head.maskClassConv : head.maskDenseclassConv;
    return [maskProb, ...features.map((f) => ssnan.classify(f, classifier, images))];
  });
}
