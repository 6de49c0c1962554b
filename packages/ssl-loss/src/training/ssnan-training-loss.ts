import * as tf from '@tensorflow/tfjs-core';
import { LIP_SSL_JOINT_GROUPS } from '../joints/joint-groups.js';
import { jointMapsFromLabels } from '../joints/joint-maps-from-labels.js';
import { averageLossTerms, sumLossTerms } from '../losses/loss-terms.js';
import { ohemCrossEntropy } from '../losses/ohem-cross-entropy.js';
import { ssnanSslLoss, type SsnanSslOptions } from '../losses/ssnan-ssl-loss.js';
import { prepareCrossEntropy } from '../losses/cross-entropy-terms.js';
import { requireNhwc } from '../inputs/check-inputs.js';
import { SslLossInputError } from '../ssl-loss-input-error.js';

/** SS-NAN's `--trainmode` values: `train_submode` of `AttResnet101FCN.build` (`SS-NAN/model.py`, `LIP.py`). */
export const SSNAN_TRAIN_MODES = Object.freeze(['pretrain', 'finetune', 'finetune_withdeep', 'finetune_ssloss', 'finetune_ssloss_withdeep'] as const);

export type SsnanTrainMode = (typeof SSNAN_TRAIN_MODES)[number];

/** The SS-NAN outputs a loss needs, each NHWC [batch, height, width, 20] at full input resolution. */
export interface SsnanOutputs {
  /** The NAN (attention-fused) output, `mask_prob` (or its logits). Every mode but `pretrain`. */
  nan?: tf.Tensor4D;
  /**
   * The per-scale deep-supervision outputs in scale order 0.5, 0.75, 1.0, resized to full
   * resolution: `mask_class_conv` in `finetune_withdeep`, the shared `mask_denseclass_conv` in
   * `finetune_ssloss_withdeep`. The two `withdeep` modes.
   */
  perScale?: readonly tf.Tensor4D[];
  /** `pretrain`: the `mask_class_conv` output on the one scale drawn for this step. */
  single?: tf.Tensor4D;
}

/**
 * The `att_mask_loss` of each SS-NAN training sub-mode (`AttResnet101FCN.build` in `SS-NAN/model.py`), a scalar:
 * - `pretrain`: OHEM CE of `single`;
 * - `finetune`: OHEM CE of `nan`;
 * - `finetune_withdeep`: sum of the OHEM CEs of the per-scale outputs and `nan` (`KL.add`);
 * - `finetune_ssloss`: SSL loss of `nan`;
 * - `finetune_ssloss_withdeep`: average of the SSL losses of the per-scale outputs and `nan`
 *   (`KL.average`), each with its own predicted joints and the same GT joint maps.
 * Pass `from: 'probabilities'` when the outputs are SS-NAN's softmax probabilities (the reference).
 * Not included: `pixelacc` (ssnanPixelAccuracy) and the L2 weight decay, which Keras adds to the
 * reported total.
 */
export function ssnanTrainingLoss(trainmode: SsnanTrainMode, labels: tf.Tensor3D, outputs: SsnanOutputs, options: SsnanSslOptions = {}): tf.Scalar {
  const fn = 'ssnanTrainingLoss';
  if (!SSNAN_TRAIN_MODES.includes(trainmode)) {
    throw new SslLossInputError(`${fn}: trainmode must be one of ${SSNAN_TRAIN_MODES.join(', ')}; got '${String(trainmode)}'.`);
  }
  const need = (name: 'nan' | 'single'): tf.Tensor4D => {
    const t = outputs?.[name];
    if (t === undefined) throw new SslLossInputError(`${fn}: trainmode '${trainmode}' needs outputs.${name}.`);
    requireNhwc(fn, t, `outputs.${name}`, 'classes');
    return t;
  };
  const withScales = (): tf.Tensor4D[] => {
    const scales = outputs?.perScale;
    if (!Array.isArray(scales) || scales.length === 0) {
      throw new SslLossInputError(`${fn}: trainmode '${trainmode}' needs outputs.perScale (the per-scale outputs, SS-NAN has 3).`);
    }
    scales.forEach((s, i) => requireNhwc(fn, s, `outputs.perScale[${i}]`, 'classes'));
    return [...scales, need('nan')];
  };

  if (trainmode === 'pretrain') return ohemCrossEntropy(labels, need('single'), options);
  if (trainmode === 'finetune') return ohemCrossEntropy(labels, need('nan'), options);
  if (trainmode === 'finetune_ssloss') return ssnanSslLoss(labels, need('nan'), options);

  const all = withScales();
  // Validate the labels once, against the first output, and share that work with the other terms.
  const resolved = prepareCrossEntropy(fn, labels, all[0]!, options, 'outputs.perScale[0]');
  return tf.tidy(() => {
    const shared = { ...options, ignoreLabels: resolved.ignoreLabels, validateLabels: false };
    if (trainmode === 'finetune_withdeep') return sumLossTerms(all.map((p) => ohemCrossEntropy(labels, p, shared)));
    const gtJointMaps =
      options.gtJointMaps ??
      jointMapsFromLabels(labels, {
        groups: options.groups ?? LIP_SSL_JOINT_GROUPS,
        variant: options.centreVariant ?? 'ssnan',
        sigma: options.sigma,
        numClasses: all[0]!.shape[3],
        ignoreLabels: resolved.ignoreLabels,
        validateLabels: false,
      });
    return averageLossTerms(all.map((p) => ssnanSslLoss(labels, p, { ...shared, gtJointMaps })));
  });
}
