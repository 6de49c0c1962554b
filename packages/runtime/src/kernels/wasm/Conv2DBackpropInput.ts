import {
  backend_util,
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { assertChannelsLast, dyForInputGradient, flipSpatially } from './conv-geometry.js';
import { KernelCalls } from './kernel-calls.js';

/**
 * dx as a forward convolution (XNNPACK) of the spread, padded dy with the flipped filter whose
 * in/out channels are swapped. Replaces tfjs-wasm's own kernel, a direct loop ~11× slower than
 * the forward conv on a 3×3 256→256 layer.
 */
const conv2DBackpropInput: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as Conv2DBackpropInputAttrs;
  assertChannelsLast(Conv2DBackpropInput, dataFormat);
  const info = backend_util.computeConv2DInfo(
    inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, 'channelsLast');

  const calls = new KernelCalls(backend as KernelBackend, 'wasm');
  try {
    const dyLaidOut = dyForInputGradient(calls, dy, info);
    const rotated = calls.transpose(flipSpatially(calls, filter), [0, 1, 3, 2]);
    return calls.keep(calls.run('Conv2D', { x: dyLaidOut, filter: rotated },
      { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1] }));
  } finally {
    calls.dispose();
  }
};

export const conv2DBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInput,
};
