import * as tf from '@tensorflow/tfjs-core';
import { JPPNET_TRAIN_SCALES, scaledSide } from '@lip/schema';
import type { Jppnet } from '../model/jppnet.js';

export interface JppnetTrainingForwardOptions {
  /** Input scales, the first one setting the fusion grid; default `JPPNET_TRAIN_SCALES` of train_JPPNet-s2.py, [1, 0.75, 0.5] (384², 288², 192²). */
  scales?: readonly number[];
  /** Run layers in training mode; default true. */
  training?: boolean;
}

/** One stage's output at every scale and their fusion on the first scale's grid. */
export interface JppnetScaleOutputs {
  fused: tf.Tensor4D;
  /** In the order of `scales`. */
  perScale: tf.Tensor4D[];
}

export interface JppnetTrainingOutputs {
  scales: number[];
  /** Per stage (stage 1 first). Parsing: logits fused by bilinear resize + mean. */
  parsing: JppnetScaleOutputs[];
  /** Per stage. Pose: heatmaps fused by nearest-neighbour resize + mean. */
  pose: JppnetScaleOutputs[];
}

function checkScales(scales: readonly number[]): void {
  if (!Array.isArray(scales) || scales.length === 0 || scales.some((s) => !(Number.isFinite(s) && s > 0))) {
    throw new Error(`@lip/jppnet: scales must be a non-empty list of positive numbers, got ${JSON.stringify(scales)}`);
  }
}

/**
 * The training-time forward pass of LIP_JPPNet train_JPPNet-s2.py: the batch at each scale (scale 1 as given,
 * the others `resize_images` bilinear, align_corners false, to int(side·s)), the shared single-scale
 * network on each, then per stage
 *   parsing_t = mean(out_1, resize_bilinear(out_s → grid of out_1), …)   (logits)
 *   pose_t    = mean(out_1, resize_nearest(out_s → grid of out_1), …).
 * Differentiable; call inside a tidy or dispose the outputs.
 */
export function forwardJppnetTraining(jppnet: Jppnet, images: tf.Tensor4D, options: JppnetTrainingForwardOptions = {}): JppnetTrainingOutputs {
  const scales = [...(options.scales ?? JPPNET_TRAIN_SCALES)];
  checkScales(scales);
  if (!(images instanceof tf.Tensor) || images.rank !== 4 || images.shape[3] !== 3) {
    throw new Error(`@lip/jppnet: the training forward pass expects images [batch, height, width, 3] (BGR − mean), got ${images instanceof tf.Tensor ? `shape [${images.shape}]` : String(images)}`);
  }
  const [, height, width] = images.shape;
  const training = options.training ?? true;
  return tf.tidy(() => {
    const perScale = scales.map((s) => {
      const size: [number, number] = [scaledSide(height, s), scaledSide(width, s)];
      if (size[0] < 1 || size[1] < 1) throw new Error(`@lip/jppnet: scale ${s} of a ${height}×${width} batch is empty`);
      const x = s === 1 ? images : tf.image.resizeBilinear(images, size, false, false);
      return jppnet.predictStages(x, { training });
    });
    const fuse = (outputs: tf.Tensor4D[], mode: 'bilinear' | 'nearest'): JppnetScaleOutputs => {
      const grid: [number, number] = [outputs[0]!.shape[1], outputs[0]!.shape[2]];
      const resized = outputs.map((o, i) => {
        if (i === 0 || (o.shape[1] === grid[0] && o.shape[2] === grid[1])) return o;
        return mode === 'bilinear' ? tf.image.resizeBilinear(o, grid, false, false) : tf.image.resizeNearestNeighbor(o, grid, false, false);
      });
      const fused = resized.length === 1 ? resized[0]! : (tf.div(tf.addN(resized), resized.length) as tf.Tensor4D);
      return { fused, perScale: outputs };
    };
    const stages = jppnet.stages;
    const parsing: JppnetScaleOutputs[] = [];
    const pose: JppnetScaleOutputs[] = [];
    for (let t = 0; t < stages; t++) {
      parsing.push(fuse(perScale.map((o) => o.parsing[t]!), 'bilinear'));
      pose.push(fuse(perScale.map((o) => o.pose[t]!), 'nearest'));
    }
    return { scales, parsing, pose } as unknown as tf.TensorContainer;
  }) as unknown as JppnetTrainingOutputs;
}

/** Every tensor of the training outputs, parsing then pose, each stage as [fused, ...perScale]. */
export function flattenTrainingOutputs(outputs: JppnetTrainingOutputs): tf.Tensor4D[] {
  const flat: tf.Tensor4D[] = [];
  for (const family of [outputs.parsing, outputs.pose]) for (const stage of family) flat.push(stage.fused, ...stage.perScale);
  return flat;
}

/** Inverse of {@link flattenTrainingOutputs}. */
export function unflattenTrainingOutputs(flat: readonly tf.Tensor[], stages: number, scales: readonly number[]): JppnetTrainingOutputs {
  const per = 1 + scales.length;
  if (flat.length !== 2 * stages * per) {
    throw new Error(`@lip/jppnet: expected ${2 * stages * per} training outputs (${stages} stages × fused + ${scales.length} scales × parsing/pose), got ${flat.length}`);
  }
  const take = (offset: number): JppnetScaleOutputs[] =>
    Array.from({ length: stages }, (_, t) => {
      const at = offset + t * per;
      return { fused: flat[at] as tf.Tensor4D, perScale: flat.slice(at + 1, at + per) as tf.Tensor4D[] };
    });
  return { scales: [...scales], parsing: take(0), pose: take(stages * per) };
}
