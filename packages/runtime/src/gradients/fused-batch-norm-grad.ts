import * as tf from '@tensorflow/tfjs-core';

/**
 * The gradient of tfjs' FusedBatchNorm kernel, with the same formulas and the same operation order as
 * tfjs-core's, minus its `tile()`: tfjs tiles 1/√(variance + ε) to the whole [B, H, W, C] input before
 * multiplying, where broadcasting the [C] vector gives the very same products. Tile is slow on the wasm backend
 * (a quarter of a small SS-NAN training step), and tfjs' reshape to [1, 1, 1, C] only fits rank-4 inputs;
 * this one works for any rank and any broadcast parameter shape.
 */
export const fusedBatchNormGradConfig: tf.GradConfig = {
  kernelName: tf.FusedBatchNorm,
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dy, saved, attrs) => {
    const dyTensor = dy as tf.Tensor;
    const [x, mean, variance, scale] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor | undefined];
    const { varianceEpsilon } = attrs as unknown as tf.FusedBatchNormAttrs;
    const scaleValue = scale ?? tf.scalar(1);
    // The parameters are broadcast over x (a [C] mean over the leading axes, a [1, C, 1, 1] one over axes 0, 2
    // and 3): their gradients sum over those axes. tfjs' own sums only for rank-1 parameters, so it fails on
    // tfjs-layers' BN over a non-last axis in training mode.
    const reductionAxes = tf.broadcast_util.getReductionAxes(mean.shape, x.shape);
    const reduce = (t: tf.Tensor): tf.Tensor => (reductionAxes.length > 0 ? tf.sum(t, reductionAxes) : t);

    const xMinusMean = tf.sub(x, mean);
    const dyTimesScale = tf.mul(dyTensor, scaleValue);
    const oneOverSqrtVariance = tf.rsqrt(tf.add(variance, tf.scalar(varianceEpsilon)));
    const minusHalfRCube = tf.mul(tf.mul(tf.mul(oneOverSqrtVariance, oneOverSqrtVariance), oneOverSqrtVariance), tf.scalar(-0.5));
    return {
      x: () => tf.reshape(tf.mul(tf.mul(dyTensor, oneOverSqrtVariance), scaleValue), x.shape),
      mean: () => tf.reshape(reduce(tf.mul(tf.mul(oneOverSqrtVariance, tf.scalar(-1)), dyTimesScale)), mean.shape),
      variance: () => tf.reshape(reduce(tf.mul(tf.mul(minusHalfRCube, xMinusMean), dyTimesScale)), mean.shape),
      scale: () => tf.reshape(reduce(tf.mul(dyTensor, tf.mul(xMinusMean, oneOverSqrtVariance))), mean.shape),
      offset: () => tf.reshape(reduce(dyTensor), mean.shape),
    };
  },
};
