import * as tf from '@tensorflow/tfjs-core';
import { ssnanPixelAccuracy } from '@lip/ssl-loss';
import { ssnanTrainingLoss, type SsnanOutputs } from '@lip/ssl-loss/training';
import { checkSsnanTrainMode, type SsnanTrainMode } from './ssnan-train-modes.js';

export interface SsnanLossOptions {
  /** Check the label values (one small synchronous read per call). Default true. */
  readonly validateLabels?: boolean;
  /**
   * Add `pixelacc` to the loss, as the reference's `compile()` does (it has no gradient and only shifts the
   * reported value). Default false: the loss is `att_mask_loss` alone.
   */
  readonly includePixelAccuracy?: boolean;
}

/** Maps {@link ssnanForward}'s output list to `@lip/ssl-loss`'s named outputs. */
function namedOutputs(mode: SsnanTrainMode, outputs: readonly tf.Tensor4D[]): SsnanOutputs {
  const expected = mode === 'pretrain' || mode === 'finetune' || mode === 'finetune_ssloss' ? 1 : null;
  if (outputs.length === 0 || (expected !== null && outputs.length !== expected)) {
    throw new RangeError(`ssnanLoss: train mode '${mode}' takes ${expected ?? '1 + one per scale'} output(s) from ssnanForward, got ${outputs.length}`);
  }
  if (mode === 'pretrain') return { single: outputs[0]! };
  if (expected === 1) return { nan: outputs[0]! };
  return { nan: outputs[0]!, perScale: outputs.slice(1) };
}

/**
 * `att_mask_loss` of a training sub-mode (`SS-NAN/model.py` `mrcnn_mask_loss_graph`, `ss_mask_loss_graph`) from {@link ssnanForward}'s outputs and labels [B, H, W]
 * (int32 class ids; 240 = SS-NAN padding and 255 are ignored): OHEM cross-entropy (pretrain, finetune), their
 * sum over the NAN and per-scale outputs (finetune_withdeep), the SSL loss (finetune_ssloss) or its average over
 * the four outputs (finetune_ssloss_withdeep). The probabilities go through Keras' clipped cross-entropy.
 * The L2 term is the optimizer's (see createSsnanOptimizer).
 */
export function ssnanLoss(mode: SsnanTrainMode, outputs: readonly tf.Tensor4D[], labels: tf.Tensor3D, options: SsnanLossOptions = {}): tf.Scalar {
  checkSsnanTrainMode(mode);
  const named = namedOutputs(mode, outputs);
  const validateLabels = options.validateLabels ?? true;
  return tf.tidy(() => {
    const loss = ssnanTrainingLoss(mode, labels, named, { from: 'probabilities', validateLabels });
    if (!options.includePixelAccuracy) return loss;
    return tf.add(loss, ssnanPixelAccuracy(labels, outputs[0]!, { validateLabels: false })) as tf.Scalar;
  });
}

/** The reference's `pixelacc` metric on the first output (`outputs[0]`), a scalar without gradient. */
export function ssnanPixelAccuracyOf(outputs: readonly tf.Tensor4D[], labels: tf.Tensor3D): tf.Scalar {
  if (outputs.length === 0) throw new RangeError('ssnanPixelAccuracyOf: no outputs');
  return ssnanPixelAccuracy(labels, outputs[0]!);
}
