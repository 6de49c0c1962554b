import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Ssnan } from '../model/ssnan.js';
import { pretrainScaleFrom, ssnanForward } from './ssnan-forward.js';
import { ssnanLoss, type SsnanLossOptions } from './ssnan-loss.js';
import { checkSsnanTrainMode, type SsnanTrainMode } from './ssnan-train-modes.js';

/** What `@lip/runtime`'s train() hands to forward and loss (only `random` is used). */
interface StepContextLike {
  readonly random: { next(): number };
}

export interface SsnanTrainingStepOptions extends SsnanLossOptions {
  readonly mode: SsnanTrainMode;
  /** pretrain: use this scale every step instead of drawing one per step from the step's random generator. */
  readonly pretrainScale?: number;
}

/** The forward pass and loss of one SS-NAN training sub-mode, in the shape `@lip/runtime`'s train() takes. */
export interface SsnanTrainingStep {
  readonly mode: SsnanTrainMode;
  /** Images [B, H, W, 3] (RGB − mean) → the sub-mode's outputs (see ssnanForward), in training mode. */
  readonly forward: (model: tfl.LayersModel, images: tf.Tensor | tf.Tensor[] | tf.NamedTensorMap, context: StepContextLike) => tf.Tensor4D[];
  /** Outputs and labels [B, H, W] int32 → `att_mask_loss` (see ssnanLoss). */
  readonly loss: (outputs: tf.Tensor | tf.Tensor[], labels: tf.Tensor3D, context: StepContextLike) => tf.Scalar;
}

/**
 * Binds a sub-mode to a model for `train({model: ssnan.model, forward, loss, trainable, optimizer, ...})`.
 * pretrain draws `s = 1 − 0.25·randint(0, 3)` per step from `context.random`, so a resumed run draws the same
 * scales as an uninterrupted one.
 */
export function createSsnanTrainingStep(ssnan: Ssnan, options: SsnanTrainingStepOptions): SsnanTrainingStep {
  const { mode } = options;
  checkSsnanTrainMode(mode);
  if (options.pretrainScale !== undefined && mode !== 'pretrain') {
    throw new RangeError(`createSsnanTrainingStep: pretrainScale only applies to mode 'pretrain', not '${mode}'`);
  }
  const lossOptions: SsnanLossOptions = {
    ...(options.validateLabels === undefined ? {} : { validateLabels: options.validateLabels }),
    ...(options.includePixelAccuracy === undefined ? {} : { includePixelAccuracy: options.includePixelAccuracy }),
  };
  return {
    mode,
    forward: (model, images, context) => {
      if (model !== ssnan.model) throw new Error(`SS-NAN training step: train() was given model '${model.name}'; pass ssnan.model`);
      if (Array.isArray(images) || !('rank' in images)) throw new TypeError('SS-NAN training step: batch.inputs must be the images tensor [B, H, W, 3]');
      const pretrainScale = mode === 'pretrain' ? (options.pretrainScale ?? pretrainScaleFrom(context.random.next())) : undefined;
      return ssnanForward(ssnan, images as tf.Tensor, { mode, training: true, ...(pretrainScale === undefined ? {} : { pretrainScale }) });
    },
    loss: (outputs, labels) => ssnanLoss(mode, (Array.isArray(outputs) ? outputs : [outputs]) as tf.Tensor4D[], labels, lossOptions),
  };
}
