import {
  backend_util,
  DepthwiseConv2dNativeBackpropFilter,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { tapWindows } from './conv-geometry.js';
import { KernelCalls } from '../kernel-calls.js';

/**
 * dW[i, j, c, m] = Σ_{b,y,x} xpad[b, y·s + i·d, x·s + j·d, c] · dy[b, y, x, c·M + m]:
 * per tap an elementwise product of the tap window with dy, reduced over all positions.
 */
const depthwiseConv2dNativeBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, dilations, pad, dimRoundingMode, filterShape } =
    attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, strides, dilations, pad, dimRoundingMode, true);
  const { batchSize, outHeight, outWidth, inChannels, filterHeight, filterWidth } = info;
  const multiplier = filterShape[3];
  const rows = batchSize * outHeight * outWidth;

  const calls = new KernelCalls(backend as KernelBackend, 'wasm');
  try {
    const window = tapWindows(calls, x, info);
    const dyByChannel = calls.reshape(dy, [rows, inChannels, multiplier]);
    const taps: TensorInfo[] = [];
    for (let i = 0; i < filterHeight; i++) {
      for (let j = 0; j < filterWidth; j++) {
        const products = calls.run('Multiply', { a: calls.reshape(window(i, j), [rows, inChannels, 1]), b: dyByChannel });
        taps.push(calls.run('Sum', { x: products }, { axis: [0], keepDims: true }));
      }
    }
    return calls.keep(calls.reshape(calls.concat(taps, 0), [filterHeight, filterWidth, inChannels, multiplier]));
  } finally {
    calls.dispose();
  }
};

export const depthwiseConv2dNativeBackpropFilterConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dNativeBackpropFilter,
};
