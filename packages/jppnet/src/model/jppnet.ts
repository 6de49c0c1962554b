import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { inferJppnet, type JppnetInference, type JppnetInferenceOptions } from '../inference/infer-jppnet.js';
import type { PixelInput } from '@lip/runtime';
import { forwardJppnetTraining, type JppnetTrainingForwardOptions, type JppnetTrainingOutputs } from '../training/forward-jppnet-training.js';
import type { ResolvedJppnetConfig } from './jppnet-config.js';

/** Outputs of every stage at one scale, stage 1 first. */
export type JppnetStageOutputs = {
  /** Parsing logits [B, h, w, classes] per stage. */
  parsing: tf.Tensor4D[];
  /** Pose heatmaps [B, h, w, joints] per stage. */
  pose: tf.Tensor4D[];
};

/**
 * A JPPNet: the single-scale model, its trunk, and the training and inference procedures around it. To parse
 * images, load a trained one with `createJppnetParser`.
 */
export class Jppnet {
  constructor(
    readonly config: ResolvedJppnetConfig,
    /** image [B, H, W, 3] (BGR − mean) → [parsing_1..T, pose_1..T] at H/8 × W/8. */
    readonly model: tfl.LayersModel,
    /** The DeepLab-v2 trunk as a model of its own (`resnet101`); its layers are `model`'s, inlined there. */
    readonly trunk: tfl.LayersModel,
  ) {}

  /** T = refinementStages + 1. */
  get stages(): number {
    return this.config.refinementStages + 1;
  }

  /** Splits the model's output list into stages. */
  splitOutputs(outputs: readonly tf.Tensor[]): JppnetStageOutputs {
    const t = this.stages;
    if (outputs.length !== 2 * t) throw new Error(`@lip/jppnet: expected ${2 * t} stage outputs (${t} parsing, ${t} pose), got ${outputs.length}`);
    return { parsing: outputs.slice(0, t) as tf.Tensor4D[], pose: outputs.slice(t) as tf.Tensor4D[] };
  }

  /**
   * Every stage's outputs for a batch of network inputs [B, H, W, 3] (BGR − mean) at one scale.
   * `training: true` runs layers in training mode (BN stays frozen only inside `train()` with batchNormMode 'frozen').
   */
  predictStages(images: tf.Tensor4D, options: { training?: boolean } = {}): JppnetStageOutputs {
    if (!(images instanceof tf.Tensor) || images.rank !== 4 || images.shape[3] !== 3) {
      throw new Error(`@lip/jppnet: predictStages expects images [batch, height, width, 3] (BGR − mean), got ${images instanceof tf.Tensor ? `shape [${images.shape}]` : String(images)}`);
    }
    const out = this.model.apply(images, { training: options.training ?? false }) as tf.Tensor[];
    return this.splitOutputs(out);
  }

  /** The training-time forward pass: scales 1 / 0.75 / 0.5 and their fusion per stage (LIP_JPPNet `train_JPPNet-s2.py`). */
  forwardTraining(images: tf.Tensor4D, options: JppnetTrainingForwardOptions = {}): JppnetTrainingOutputs {
    return forwardJppnetTraining(this, images, options);
  }

  /** Fused parsing logits [H, W, classes] and pose heatmaps [H, W, joints] of one image at its own size (LIP_JPPNet `evaluate_parsing_JPPNet-s2.py`, `evaluate_pose_JPPNet-s2.py`). */
  infer(image: PixelInput, options: JppnetInferenceOptions = {}): JppnetInference {
    return inferJppnet(this, image, options);
  }

  /** Frees every weight: the trunk's layers are shared by `model` and `trunk`, so both release them. */
  dispose(): void {
    this.model.dispose();
    this.trunk.dispose();
  }
}
