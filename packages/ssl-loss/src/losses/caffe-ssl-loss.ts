import * as tf from '@tensorflow/tfjs-core';
import type { LabelOptions } from '../inputs/label-options.js';
import { requirePositiveNumber } from '../inputs/check-inputs.js';
import { LIP_SSL_JOINT_GROUPS, type JointGroups } from '../joints/joint-groups.js';
import { jointMapsFromLabels } from '../joints/joint-maps-from-labels.js';
import { SslLossInputError } from '../ssl-loss-input-error.js';
import { withoutGradient } from '../without-gradient.js';
import { crossEntropyTerms, prepareCrossEntropy, type ResolvedCrossEntropyOptions } from './cross-entropy-terms.js';
import { CAFFE_HEATMAP_ERROR_SCALE, structureLoss } from './structure-loss.js';

/** −log(FLT_MIN): caffe's SoftmaxWithLoss clamps p at FLT_MIN, capping a pixel's CE here. */
export const CAFFE_MAX_PIXEL_CROSS_ENTROPY = -Math.log(1.1754943508222875e-38);

export interface CaffeStructureErrorOptions extends LabelOptions {
  /** Class ids per joint; default the 9 LIP SSL joints (`clsToJointFirst`). */
  groups?: JointGroups;
  /** Gaussian σ; default 1. */
  sigma?: number;
  /** HeatmapError scale; default 0.05 (the released prototxt). */
  scale?: number;
  /** Reproduce PoseEvaluate's batch accumulation quirk; default false (see computeJointCentres). */
  accumulateAcrossBatch?: boolean;
}

export interface CaffeSslOptions extends CaffeStructureErrorOptions {
  /**
   * Per-image structure error [batch] from caffeStructureError, to share one value between several
   * loss terms: caffe feeds the error of `fc8_fusion` to all four of its SoftmaxWithLoss layers.
   * Default: computed from `labels` and these logits.
   */
  structureError?: tf.Tensor1D;
}

/**
 * caffe_ssl's joint structure error per image [batch], without gradient (`propagate_down: false`):
 * `HeatmapError` = scale · ½ · Σ_{j,y,x}(pred − gt)² between `PoseCreate` maps of the labels and of
 * `MaskCreate(logits)` (argmax), with integer (truncated) centres — on the shrunk label grid
 * (41² in the released model), i.e. labels and logits of the same size.
 */
export function caffeStructureError(labels: tf.Tensor3D, logits: tf.Tensor4D, options: CaffeStructureErrorOptions = {}): tf.Tensor1D {
  const resolved = prepareCrossEntropy('caffeStructureError', labels, logits, options, 'logits');
  return structureError('caffeStructureError', labels, logits, resolved, options);
}

/**
 * caffe_ssl's SSL loss (SoftmaxWithLoss with the `heatmap_error` third bottom), a scalar:
 *   forward  L = Σ_valid(−log p_label · E_n) / N_valid   (N_valid over the batch, at least 1)
 *   backward ∂L/∂logits = (softmax − onehot) / N_valid   (the plain softmax-CE gradient)
 * Faithful to the released code, whose backward never received the weight: the structure term
 * changes the reported loss only, not learning (caffe_ssl `src/caffe/layers/softmax_loss_layer.cu`). Takes logits.
 */
export function caffeSslLoss(labels: tf.Tensor3D, logits: tf.Tensor4D, options: CaffeSslOptions = {}): tf.Scalar {
  const fn = 'caffeSslLoss';
  const resolved = prepareCrossEntropy(fn, labels, logits, options, 'logits');
  const given = options.structureError;
  if (given !== undefined) {
    if (!(given instanceof tf.Tensor) || given.rank !== 1 || given.shape[0] !== logits.shape[0]) {
      throw new SslLossInputError(`${fn}: structureError must be a [${logits.shape[0]}] tensor (one value per image); got ${given instanceof tf.Tensor ? `shape [${given.shape.join(', ')}]` : String(given)}.`);
    }
  }
  return tf.tidy(() => {
    const error = given ?? structureError(fn, labels, logits, resolved, options);
    const loss = tf.customGrad((z, save) => {
      const terms = crossEntropyTerms(labels, z as tf.Tensor4D, resolved);
      const normaliser = tf.maximum(tf.sum(terms.valid), 1);
      const perImage = tf.sum(tf.minimum(terms.crossEntropy, CAFFE_MAX_PIXEL_CROSS_ENTROPY), [1, 2]);
      (save as tf.GradSaveFunc)([z as tf.Tensor4D, terms.target, terms.valid, normaliser]);
      return {
        value: tf.div(tf.sum(tf.mul(error, perImage)), normaliser) as tf.Scalar,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [z, target, valid, n] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor3D, tf.Scalar];
          // (softmax − onehot) on valid pixels, 0 on ignored ones (their one-hot rows are zero)
          return tf.mul(tf.sub(tf.softmax(z), target), tf.mul(tf.expandDims(valid, -1), tf.div(dy, n)));
        },
      };
    });
    return loss(logits);
  });
}

function structureError(fn: string, labels: tf.Tensor3D, logits: tf.Tensor4D, resolved: ResolvedCrossEntropyOptions, options: CaffeStructureErrorOptions): tf.Tensor1D {
  const scale = options.scale ?? CAFFE_HEATMAP_ERROR_SCALE;
  requirePositiveNumber(fn, scale, 'scale');
  const maps = {
    groups: options.groups ?? LIP_SSL_JOINT_GROUPS,
    variant: 'caffe',
    sigma: options.sigma,
    numClasses: logits.shape[3],
    ignoreLabels: resolved.ignoreLabels,
    validateLabels: false,
    accumulateAcrossBatch: options.accumulateAcrossBatch ?? false,
  } as const;
  return withoutGradient(logits, (z) =>
    tf.tidy(() => {
      const gt = jointMapsFromLabels(labels, maps);
      const predicted = jointMapsFromLabels(tf.argMax(z, -1) as tf.Tensor3D, maps);
      return structureLoss(predicted, gt, { reduction: 'sum', scale });
    }),
  );
}
