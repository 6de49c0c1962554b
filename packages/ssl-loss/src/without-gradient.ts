import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs `compute(x)` as one opaque op whose gradient with respect to `x` is exactly zero, like
 * TF's `stop_gradient` (tfjs has none). The ops inside are not recorded on the gradient tape, so
 * ops without a registered gradient (argMax, topk, comparisons) may be used freely, and the
 * backward pass costs one `zeros`. This is how the argmax / joint-centre paths are kept from
 * leaking gradients: in the references they are non-differentiable (argmax, int casts).
 */
export function withoutGradient<T extends tf.Tensor>(x: tf.Tensor, compute: (x: tf.Tensor) => T): T {
  // Keep only the shape: `x` may be an intermediate that tf.grad disposes before backprop.
  const shape = x.shape;
  const dtype = x.dtype;
  const op = tf.customGrad((input) => ({
    value: compute(input as tf.Tensor),
    gradFunc: () => tf.zeros(shape, dtype),
  }));
  return op(x) as T;
}
