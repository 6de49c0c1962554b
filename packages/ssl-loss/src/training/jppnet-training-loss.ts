import * as tf from '@tensorflow/tfjs-core';
import { requireLabelValues, requireLabels, requireNhwc, resolveIgnoreLabels } from '../inputs/check-inputs.js';
import type { LabelOptions } from '../inputs/label-options.js';
import { resizeLabelsNearest } from '../labels/resize-labels-nearest.js';
import { maskedSoftmaxCrossEntropy } from '../losses/masked-softmax-cross-entropy.js';
import { poseL2Loss } from '../losses/pose-l2-loss.js';
import { SslLossInputError } from '../ssl-loss-input-error.js';

export interface JppnetLossInputs {
  /** [batch, H, W] labels at input resolution (JPPNet: 384²); resized per output like `prepare_label`. */
  labels: tf.Tensor3D;
  /** [batch, h, w, 16] GT pose heatmaps in [0, 1] (JPPNet: PNG / 255 at 48²); resized per output (nearest). */
  heatmaps: tf.Tensor4D;
  /** Parsing logits [batch, h, w, 20] of every output (JPPNet: 3 stages × fused/100/075/050 = 12). */
  parsing: readonly tf.Tensor4D[];
  /** Pose heatmaps [batch, h, w, 16] of every output (12 in JPPNet). */
  pose: readonly tf.Tensor4D[];
}

export interface JppnetLossOptions extends LabelOptions {
  /** `p_Weight`; default 1. */
  parsingWeight?: number;
  /** `s_Weight`; default 1. */
  poseWeight?: number;
}

export interface JppnetLoss {
  /** parsingWeight · parsing + poseWeight · pose: the `reduced_loss` to minimise. */
  total: tf.Scalar;
  /** Σ over parsing outputs of maskedSoftmaxCrossEntropy. */
  parsing: tf.Scalar;
  /** Σ over pose outputs of poseL2Loss. */
  pose: tf.Scalar;
}

/**
 * JPPNet's training loss (LIP_JPPNet `train_JPPNet-s2.py`): for every parsing output the mean softmax CE over
 * valid pixels against the labels nearest-resized to its grid (TF1 semantics), for every pose
 * output the batch mean of the L2 norm against the GT heatmaps nearest-resized to its grid; each
 * family summed, then weighted. No weight decay (the script has none). Dispose all three scalars.
 */
export function jppnetTrainingLoss(inputs: JppnetLossInputs, options: JppnetLossOptions = {}): JppnetLoss {
  const fn = 'jppnetTrainingLoss';
  const { labels, heatmaps, parsing, pose } = inputs ?? ({} as JppnetLossInputs);
  requireLabels(fn, labels, 'inputs.labels');
  requireNhwc(fn, heatmaps, 'inputs.heatmaps', 'joints');
  if (!Array.isArray(parsing) || parsing.length === 0) throw new SslLossInputError(`${fn}: inputs.parsing must be a non-empty array of [batch, h, w, classes] logits.`);
  if (!Array.isArray(pose) || pose.length === 0) throw new SslLossInputError(`${fn}: inputs.pose must be a non-empty array of [batch, h, w, joints] heatmaps.`);
  const batch = labels.shape[0];
  parsing.forEach((p, i) => requireNhwc(fn, p, `inputs.parsing[${i}]`, 'classes'));
  pose.forEach((p, i) => requireNhwc(fn, p, `inputs.pose[${i}]`, 'joints'));
  for (const [name, t] of [['inputs.heatmaps', heatmaps], ...parsing.map((p, i) => [`inputs.parsing[${i}]`, p] as const), ...pose.map((p, i) => [`inputs.pose[${i}]`, p] as const)] as const) {
    if (t.shape[0] !== batch) throw new SslLossInputError(`${fn}: ${name} has batch ${t.shape[0]}, the labels ${batch}.`);
  }
  for (const [i, p] of pose.entries()) {
    if (p.shape[3] !== heatmaps.shape[3]) throw new SslLossInputError(`${fn}: inputs.pose[${i}] has ${p.shape[3]} joints, inputs.heatmaps ${heatmaps.shape[3]}.`);
  }
  const ignoreLabels = resolveIgnoreLabels(fn, options.ignoreLabels);
  const classes = parsing[0]!.shape[3];
  for (const [i, p] of parsing.entries()) {
    if (p.shape[3] !== classes) throw new SslLossInputError(`${fn}: inputs.parsing[${i}] has ${p.shape[3]} classes, inputs.parsing[0] ${classes}.`);
  }
  if (options.validateLabels ?? true) requireLabelValues(fn, labels, classes, ignoreLabels, 'inputs.labels');
  const parsingWeight = options.parsingWeight ?? 1;
  const poseWeight = options.poseWeight ?? 1;
  for (const [name, w] of [['parsingWeight', parsingWeight], ['poseWeight', poseWeight]] as const) {
    if (typeof w !== 'number' || !Number.isFinite(w)) throw new SslLossInputError(`${fn}: ${name} must be a finite number; got ${String(w)}.`);
  }

  return tf.tidy(() => {
    const ce = parsing.map((logits) => {
      const target = resizeLabelsNearest(labels, [logits.shape[1], logits.shape[2]]);
      return maskedSoftmaxCrossEntropy(target, logits, { ignoreLabels, validateLabels: false });
    });
    const l2 = pose.map((prediction) => {
      const sameGrid = prediction.shape[1] === heatmaps.shape[1] && prediction.shape[2] === heatmaps.shape[2];
      const gt = sameGrid ? heatmaps : tf.image.resizeNearestNeighbor(heatmaps, [prediction.shape[1], prediction.shape[2]], false, false);
      return poseL2Loss(gt, prediction);
    });
    const parsingLoss = tf.addN(ce) as tf.Scalar;
    const poseLoss = tf.addN(l2) as tf.Scalar;
    const total = tf.add(tf.mul(parsingLoss, parsingWeight), tf.mul(poseLoss, poseWeight)) as tf.Scalar;
    return { total, parsing: parsingLoss, pose: poseLoss };
  });
}
