import * as tf from '@tensorflow/tfjs-core';
import { spaceToBatchPlan, type AtrousPadding } from './atrous-geometry.js';
import { AtrousConv2DBackpropFilter } from '../kernels/wasm/Conv2DBackpropFilter.js';
import { AtrousConv2DBackpropInput } from '../kernels/wasm/Conv2DBackpropInput.js';

function hasAtrousBackpropKernels(): boolean {
  const backend = tf.getBackend();
  return tf.getKernel(AtrousConv2DBackpropFilter, backend) != null && tf.getKernel(AtrousConv2DBackpropInput, backend) != null;
}

export interface AtrousConv2dOptions {
  /** Dilation rate, one number or [rateHeight, rateWidth]. */
  rate: number | [number, number];
  /** Keras / TF padding: 'same' keeps the size, 'valid' does not pad. Default 'same'. */
  padding?: AtrousPadding;
}

/**
 * Trainable dilated (atrous) 2-D convolution, NHWC, stride 1, with a Keras Conv2D kernel
 * [kh, kw, in, out].
 *
 * The forward pass is the backend's native dilated convolution (bit-identical to `tf.conv2d`
 * with `dilations`). tfjs-core refuses gradients of dilated convs, so the gradient is computed
 * by the space-to-batch identity: with x and dy moved to batch (block = rate), a dilated conv
 * is an ordinary stride-1 'valid' conv, whose filter and input gradients every backend has.
 * Backends with dilation-aware backprop kernels (wasm) use those directly instead. No forward
 * recomputation. Rate 1 is plain `tf.conv2d` and costs nothing extra.
 */
export function atrousConv2d(x: tf.Tensor4D, filter: tf.Tensor4D, options: AtrousConv2dOptions): tf.Tensor4D {
  const [rateH, rateW] = typeof options.rate === 'number' ? [options.rate, options.rate] : options.rate;
  const padding = options.padding ?? 'same';
  for (const r of [rateH, rateW]) {
    if (!Number.isInteger(r) || r < 1) throw new Error(`@lip/runtime: atrous rate must be a positive integer, got ${r}`);
  }
  if (x.rank !== 4 || filter.rank !== 4) {
    throw new Error(`@lip/runtime: atrousConv2d expects x [batch, height, width, channels] and filter [kh, kw, in, out], got x ${JSON.stringify(x.shape)} and filter ${JSON.stringify(filter.shape)}`);
  }
  if (x.shape[3] !== filter.shape[2]) {
    throw new Error(`@lip/runtime: atrousConv2d input has ${x.shape[3]} channels but the filter expects ${filter.shape[2]} (filter shape ${JSON.stringify(filter.shape)})`);
  }
  if (rateH === 1 && rateW === 1) return tf.conv2d(x, filter, 1, padding);

  const { block, inputPadding, extra } = spaceToBatchPlan(x.shape, filter.shape, [rateH, rateW], padding);

  const conv = tf.customGrad((xIn, filterIn, save) => {
    const input = xIn as tf.Tensor4D;
    const kernel = filterIn as tf.Tensor4D;
    (save as tf.GradSaveFunc)([input, kernel]);
    const value = tf.conv2d(input, kernel, 1, padding, 'NHWC', [rateH, rateW]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xSaved, kernelSaved] = saved as [tf.Tensor4D, tf.Tensor4D];
      if (hasAtrousBackpropKernels()) {
        // A backend with dilation-aware backprops (wasm, via @lip/runtime) skips space-to-batch.
        const attrs = { dilations: [rateH, rateW], pad: padding };
        const engine = tf.engine();
        return [
          engine.runKernel(AtrousConv2DBackpropInput, { dy, filter: kernelSaved }, { ...attrs, inputShape: xSaved.shape }) as tf.Tensor,
          engine.runKernel(AtrousConv2DBackpropFilter, { x: xSaved, dy }, { ...attrs, filterShape: kernelSaved.shape }) as tf.Tensor,
        ];
      }
      // Outputs beyond the true output size (from the extra padding) get zero gradient.
      const dyPadded = tf.pad(dy as tf.Tensor4D, [[0, 0], [0, extra[0]], [0, extra[1]], [0, 0]]);
      const dyBatched = tf.spaceToBatchND(dyPadded, block, [[0, 0], [0, 0]]) as tf.Tensor4D;
      const xBatched = tf.spaceToBatchND(xSaved, block, inputPadding) as tf.Tensor4D;
      const dFilter = tf.engine().runKernel('Conv2DBackpropFilter', { x: xBatched, dy: dyBatched },
        { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', filterShape: kernelSaved.shape }) as tf.Tensor4D;
      const dxBatched = tf.conv2dTranspose(dyBatched, kernelSaved, xBatched.shape, 1, 'valid');
      const dx = tf.batchToSpaceND(dxBatched, block, inputPadding);
      return [dx, dFilter];
    };
    return { value, gradFunc };
  });
  return conv(x, filter) as tf.Tensor4D;
}

/**
 * The same convolution written entirely as space-to-batch → conv → batch-to-space. It is the
 * classic `tf.nn.atrous_conv2d` construction; tests use it as an independent reference.
 */
export function atrousConv2dBySpaceToBatch(x: tf.Tensor4D, filter: tf.Tensor4D, options: AtrousConv2dOptions): tf.Tensor4D {
  const { block, inputPadding, outputCrops } = spaceToBatchPlan(x.shape, filter.shape, options.rate, options.padding ?? 'same');
  return tf.tidy(() => {
    const batched = tf.spaceToBatchND(x, block, inputPadding) as tf.Tensor4D;
    return tf.batchToSpaceND(tf.conv2d(batched, filter, 1, 'valid'), block, outputCrops) as tf.Tensor4D;
  });
}
