import * as tf from '@tensorflow/tfjs-core';
import { requireNhwc } from '../inputs/check-inputs.js';
import type { JointCentreVariant } from '../joints/joint-centres.js';
import { LIP_SSL_JOINT_GROUPS, type JointGroups } from '../joints/joint-groups.js';
import { jointMapsFromLabels } from '../joints/joint-maps-from-labels.js';
import { SslLossInputError } from '../ssl-loss-input-error.js';
import { withoutGradient } from '../without-gradient.js';
import { crossEntropyTerms, prepareCrossEntropy, type ResolvedCrossEntropyOptions } from './cross-entropy-terms.js';
import { hardestMeanPerImage, resolveKeepCount, type OhemOptions } from './ohem-cross-entropy.js';
import { structureLoss } from './structure-loss.js';

export interface SsnanStructureOptions {
  /** Class ids per joint; default the 9 LIP SSL joints. */
  groups?: JointGroups;
  /** Gaussian σ of the joint maps; default 1. */
  sigma?: number;
  /** Centre variant for both GT and predicted joints; default `'ssnan'` (the reference). */
  centreVariant?: JointCentreVariant;
  /**
   * GT joint maps [batch, height, width, joints] from `jointMapsFromLabels(labels)`, to compute
   * them once for several outputs (SS-NAN's `gt_cmap` is shared by the 4 deep-supervision terms).
   */
  gtJointMaps?: tf.Tensor4D;
}

export interface SsnanSslOptions extends OhemOptions, SsnanStructureOptions {}

/**
 * SS-NAN's structure weight per image [batch], without gradient: ½ · mean_j Σ_{y,x}(G_gt − G_pred)²
 * between the joint maps of the labels and of `argmax(prediction)`, both at the prediction's full
 * resolution (SS-NAN: 320²). 0 when the predicted joints fall exactly on the GT joints.
 */
export function ssnanStructureWeight(labels: tf.Tensor3D, prediction: tf.Tensor4D, options: SsnanSslOptions = {}): tf.Tensor1D {
  const fn = 'ssnanStructureWeight';
  const resolved = prepareCrossEntropy(fn, labels, prediction, options);
  checkGtJointMaps(fn, options, prediction);
  return structureWeight(labels, prediction, resolved, options);
}

/**
 * SS-NAN's SSL loss (`ss_mask_loss_graph`), a scalar: mean_b( structureWeight_b · OHEM-CE_b ).
 * The weight goes through argmax and carries no gradient, so it scales each image's OHEM gradient
 * (and an image whose predicted joints match the GT contributes nothing), as in the Keras code.
 * Pass `from: 'probabilities'` with SS-NAN's softmax output for the reference's clipped Keras CE.
 */
export function ssnanSslLoss(labels: tf.Tensor3D, prediction: tf.Tensor4D, options: SsnanSslOptions = {}): tf.Scalar {
  const fn = 'ssnanSslLoss';
  const resolved = prepareCrossEntropy(fn, labels, prediction, options);
  const k = resolveKeepCount(fn, prediction.shape[1] * prediction.shape[2], options);
  checkGtJointMaps(fn, options, prediction);
  return tf.tidy(() => {
    const ohem = hardestMeanPerImage(crossEntropyTerms(labels, prediction, resolved).crossEntropy, k);
    return tf.mean(tf.mul(structureWeight(labels, prediction, resolved, options), ohem)) as tf.Scalar;
  });
}

function structureWeight(labels: tf.Tensor3D, prediction: tf.Tensor4D, resolved: ResolvedCrossEntropyOptions, options: SsnanStructureOptions): tf.Tensor1D {
  const maps = {
    groups: options.groups ?? LIP_SSL_JOINT_GROUPS,
    variant: options.centreVariant ?? 'ssnan',
    sigma: options.sigma,
    numClasses: prediction.shape[3],
    ignoreLabels: resolved.ignoreLabels,
    validateLabels: false,
  } as const;
  return withoutGradient(prediction, (p) =>
    tf.tidy(() => {
      const gt = options.gtJointMaps ?? jointMapsFromLabels(labels, maps);
      const predicted = jointMapsFromLabels(tf.argMax(p, -1) as tf.Tensor3D, maps);
      return structureLoss(gt, predicted);
    }),
  );
}

function checkGtJointMaps(fn: string, options: SsnanStructureOptions, prediction: tf.Tensor4D): void {
  const maps = options.gtJointMaps;
  if (maps === undefined) return;
  requireNhwc(fn, maps, 'gtJointMaps', 'joints');
  const joints = (options.groups ?? LIP_SSL_JOINT_GROUPS).length;
  const [b, h, w] = prediction.shape;
  if (maps.shape[0] !== b || maps.shape[1] !== h || maps.shape[2] !== w || maps.shape[3] !== joints) {
    throw new SslLossInputError(`${fn}: gtJointMaps must be [${b}, ${h}, ${w}, ${joints}] (the prediction's grid, one channel per joint); got [${maps.shape.join(', ')}].`);
  }
}
