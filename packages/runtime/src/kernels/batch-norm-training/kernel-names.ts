/**
 * Batch normalisation in training mode as one kernel, so that its gradient is one kernel too (tfjs-layers
 * spells it as moments + batchNorm, and autodiff through that takes ~60 kernels per layer).
 * Inputs x ([..., C], channels last), scale and offset ([C]); attrs {varianceEpsilon}. Outputs: y, the batch
 * mean and the batch variance over every axis but the last (biased, as `tf.moments`). The gradient treats the
 * mean and variance outputs as constants: they feed only the moving averages.
 */
export const BatchNormTraining = 'LipBatchNormTraining';

/** Inputs dy, x, scale, mean, variance (the forward's outputs); attrs {varianceEpsilon}. Outputs dx, dScale, dOffset. */
export const BatchNormTrainingGrad = 'LipBatchNormTrainingGrad';

export interface BatchNormTrainingAttrs {
  varianceEpsilon: number;
}
