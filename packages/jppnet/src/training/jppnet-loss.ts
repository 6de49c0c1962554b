import * as tf from '@tensorflow/tfjs-core';
import { caffeSslLoss, maskedSoftmaxCrossEntropy, pixelCrossEntropy, poseL2Loss, type LabelOptions } from '@lip/ssl-loss';
import type { JppnetTrainingOutputs } from './forward-jppnet-training.js';
import { caffeStructureError, resizeLabelsNearest } from '@lip/ssl-loss/internal';

/** What the loss compares the outputs with. */
export interface JppnetTargets {
  /** [B, H, W] class ids at the input resolution (255 = ignore); resized (nearest) to each output's grid. */
  labels: tf.Tensor3D;
  /**
   * [B, H/8, W/8, joints] ground-truth heatmaps in [0, 1] (the PNG maps / 255), resized (nearest) to each
   * output's grid. Without them the pose terms are left out (SS-JPPNet trains without pose ground truth).
   */
  heatmaps?: tf.Tensor4D | null;
}

/**
 * The self-supervised structure-sensitive loss of SS-JPPNet on the parsing outputs: every parsing term's
 * pixel CE is weighted per image by the joint structure error E_n between the joints (9 LIP SSL joints, Gaussian
 * maps σ 1, `HeatmapError` scale 0.05) of the labels and of the arg-max of the last stage's fused logits, both on
 * that output's grid — caffe_ssl's layers (`@lip/ssl-loss` `caffeStructureError`), one E_n shared by every term
 * as caffe feeds `fc8_fusion`'s error to all its losses.
 */
export interface JppnetStructureLossOptions {
  /**
   * `'weighted'` (default): L = Σ E_n·CE / N_valid with gradient E_n·∂CE, the paper's L_seg × L_joint.
   * `'caffe'`: the released caffe_ssl behaviour: the same value, but the plain CE gradient (E_n never reaches
   * the backward pass; see `Backward_gpu` in caffe_ssl `src/caffe/layers/softmax_loss_layer.cu`).
   */
  gradient?: 'weighted' | 'caffe';
  /** HeatmapError scale; default 0.05. */
  scale?: number;
}

export interface JppnetLossOptions extends LabelOptions {
  /** `p_Weight`; default 1. */
  parsingWeight?: number;
  /** `s_Weight`; default 1. */
  poseWeight?: number;
  /** Adds the SS-JPPNet structure weighting to the parsing terms. Default: off (JPPNet). */
  structure?: boolean | JppnetStructureLossOptions;
}

export interface JppnetLossValue {
  /** parsingWeight · parsing + poseWeight · pose. */
  total: tf.Scalar;
  /** Σ of the parsing terms (stages × {fused, scales}). */
  parsing: tf.Scalar;
  /** Σ of the pose terms; 0 without heatmaps. */
  pose: tf.Scalar;
  /** The per-image structure error E_n [B] when `structure` is on. */
  structureError?: tf.Tensor1D;
}

function checkWeight(value: number, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`@lip/jppnet: jppnetLoss: ${what} must be a finite number, got ${String(value)}`);
  return value;
}

/**
 * The loss of LIP_JPPNet train_JPPNet-s2.py: for every stage and every output (fused, then each scale),
 * the mean softmax CE over the valid pixels of the labels nearest-resized to that output's grid, and the
 * batch mean of the L2 norm (not squared) between the heatmaps nearest-resized to that grid and the
 * predicted ones; 12 + 12 terms for JPPNet-s2, summed and weighted. No weight decay (the script has none).
 * Label values are checked once (unless `validateLabels: false`). Dispose the returned tensors.
 */
export function jppnetLoss(outputs: JppnetTrainingOutputs, targets: JppnetTargets, options: JppnetLossOptions = {}): JppnetLossValue {
  const { labels, heatmaps } = targets ?? ({} as JppnetTargets);
  if (!(labels instanceof tf.Tensor) || labels.rank !== 3) {
    throw new Error(`@lip/jppnet: jppnetLoss: targets.labels must be [batch, height, width] class ids, got ${labels instanceof tf.Tensor ? `shape [${labels.shape}]` : String(labels)}`);
  }
  if (heatmaps != null && (!(heatmaps instanceof tf.Tensor) || heatmaps.rank !== 4)) {
    throw new Error(`@lip/jppnet: jppnetLoss: targets.heatmaps must be [batch, height, width, joints] or null, got ${heatmaps instanceof tf.Tensor ? `shape [${heatmaps.shape}]` : String(heatmaps)}`);
  }
  const parsingWeight = checkWeight(options.parsingWeight ?? 1, 'parsingWeight');
  const poseWeight = checkWeight(options.poseWeight ?? 1, 'poseWeight');
  const structure = options.structure === true ? {} : options.structure === false ? undefined : options.structure;
  const gradient = structure?.gradient ?? 'weighted';
  if (structure != null && gradient !== 'weighted' && gradient !== 'caffe') throw new Error(`@lip/jppnet: jppnetLoss: structure.gradient must be 'weighted' or 'caffe', got ${JSON.stringify(gradient)}`);
  const ignoreLabels = options.ignoreLabels;
  const labelOptions = ignoreLabels === undefined ? {} : { ignoreLabels };
  let validate = options.validateLabels ?? true;

  return tf.tidy(() => {
    const labelsAt = new Map<string, tf.Tensor3D>();
    const labelsFor = (h: number, w: number): tf.Tensor3D => {
      const key = `${h}x${w}`;
      let resized = labelsAt.get(key);
      if (resized == null) {
        resized = h === labels.shape[1] && w === labels.shape[2] ? tf.cast(labels, 'int32') : resizeLabelsNearest(labels, [h, w]);
        labelsAt.set(key, resized);
      }
      return resized;
    };
    const lastFused = outputs.parsing[outputs.parsing.length - 1]!.fused;
    const structureError = structure == null
      ? undefined
      : caffeStructureError(labelsFor(lastFused.shape[1], lastFused.shape[2]), lastFused, { ...labelOptions, validateLabels: false, ...(structure.scale === undefined ? {} : { scale: structure.scale }) });

    const parsingTerms = outputs.parsing.flatMap((stage) => [stage.fused, ...stage.perScale]).map((logits) => {
      const target = labelsFor(logits.shape[1], logits.shape[2]);
      const cross = { ...labelOptions, validateLabels: validate };
      validate = false;
      if (structureError == null) return maskedSoftmaxCrossEntropy(target, logits, cross);
      if (gradient === 'caffe') return caffeSslLoss(target, logits, { ...cross, structureError });
      const ce = pixelCrossEntropy(target, logits, cross);
      const weighted = tf.sum(tf.mul(ce, tf.reshape(structureError, [-1, 1, 1])));
      return tf.div(weighted, tf.maximum(validPixels(target, logits.shape[3], ignoreLabels), 1)) as tf.Scalar;
    });
    const poseTerms = heatmaps == null
      ? []
      : outputs.pose.flatMap((stage) => [stage.fused, ...stage.perScale]).map((prediction) => {
          const sameGrid = prediction.shape[1] === heatmaps.shape[1] && prediction.shape[2] === heatmaps.shape[2];
          const gt = sameGrid ? heatmaps : tf.image.resizeNearestNeighbor(heatmaps, [prediction.shape[1], prediction.shape[2]], false, false);
          return poseL2Loss(gt, prediction);
        });
    const parsing = tf.addN(parsingTerms) as tf.Scalar;
    const pose = poseTerms.length === 0 ? tf.scalar(0) : (tf.addN(poseTerms) as tf.Scalar);
    const total = tf.add(tf.mul(parsing, parsingWeight), tf.mul(pose, poseWeight)) as tf.Scalar;
    return structureError == null ? { total, parsing, pose } : { total, parsing, pose, structureError };
  });
}

/** Pixels whose label is a class id (not an ignore value): the CE normaliser. */
function validPixels(labels: tf.Tensor3D, numClasses: number, ignoreLabels: readonly number[] | undefined): tf.Scalar {
  return tf.tidy(() => {
    const inRange = tf.logicalAnd(tf.greaterEqual(labels, 0), tf.less(labels, numClasses));
    let keep = inRange;
    for (const v of ignoreLabels ?? []) if (v >= 0 && v < numClasses) keep = tf.logicalAnd(keep, tf.notEqual(labels, v));
    return tf.sum(tf.cast(keep, 'float32')) as tf.Scalar;
  });
}
