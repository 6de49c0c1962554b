import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Jppnet } from '../model/jppnet.js';
import { JPPNET_TRAIN_SCALES } from '@lip/schema';
import { flattenTrainingOutputs, forwardJppnetTraining, unflattenTrainingOutputs } from './forward-jppnet-training.js';
import { jppnetLoss, type JppnetLossOptions, type JppnetLossValue, type JppnetTargets } from './jppnet-loss.js';

export interface JppnetTrainingStepOptions extends JppnetLossOptions {
  /** Training scales; default [1, 0.75, 0.5]. */
  scales?: readonly number[];
  /** Called with each step's loss parts (values read after the step). */
  onLoss?: (parts: { total: number; parsing: number; pose: number }) => void;
}

/** The forward pass and loss of JPPNet training, in the shape `@lip/runtime`'s `train()` takes. */
export interface JppnetTrainingStep {
  /** Images [B, H, W, 3] (BGR − mean) → every training output, flattened (see flattenTrainingOutputs). */
  readonly forward: (model: tfl.LayersModel, images: tf.Tensor | tf.Tensor[] | tf.NamedTensorMap) => tf.Tensor4D[];
  /** Flattened outputs and `{labels, heatmaps}` → the total loss. */
  readonly loss: (outputs: tf.Tensor | tf.Tensor[], targets: JppnetTargets) => tf.Scalar;
  /** The parts of the last step's loss (plain numbers), or null before the first step. */
  readonly lastLoss: () => { total: number; parsing: number; pose: number } | null;
}

/**
 * Binds JPPNet's training forward pass (`train_JPPNet-s2.py`'s fusion over scales) and loss to a model for
 * `train({model: jppnet.model, forward, loss, optimizer: createJppnetOptimizer(), batchNormMode: 'frozen', ...})`.
 * batchNormMode 'frozen' reproduces slim's `is_training=False` BN (moving statistics, gamma/beta trained).
 */
export function createJppnetTrainingStep(jppnet: Jppnet, options: JppnetTrainingStepOptions = {}): JppnetTrainingStep {
  const scales = [...(options.scales ?? JPPNET_TRAIN_SCALES)];
  let last: { total: number; parsing: number; pose: number } | null = null;
  return {
    forward: (model, images) => {
      if (model !== jppnet.model) throw new Error(`@lip/jppnet: training step: train() was given model '${model.name}'; pass jppnet.model`);
      if (!(images instanceof tf.Tensor)) throw new TypeError('@lip/jppnet: training step: batch.inputs must be the images tensor [B, H, W, 3] (BGR − mean)');
      return flattenTrainingOutputs(forwardJppnetTraining(jppnet, images as tf.Tensor4D, { scales, training: true }));
    },
    loss: (outputs, targets) => {
      const list = Array.isArray(outputs) ? outputs : [outputs];
      const value: JppnetLossValue = jppnetLoss(unflattenTrainingOutputs(list, jppnet.stages, scales), targets, options);
      // Three tiny reads per step: the parts are for progress display only.
      last = { total: value.total.dataSync()[0]!, parsing: value.parsing.dataSync()[0]!, pose: value.pose.dataSync()[0]! };
      options.onLoss?.(last);
      return value.total;
    },
    lastLoss: () => last,
  };
}
