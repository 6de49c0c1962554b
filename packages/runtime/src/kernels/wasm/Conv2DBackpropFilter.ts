import {
  backend_util,
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { assertChannelsLast, padLikeForward, tapWindow } from './conv-geometry.js';
import { KernelCalls } from './kernel-calls.js';

/**
 * dW[i, j] = Σ_{b,y,x} xpad[b, y·s + i, x·s + j] ⊗ dy[b, y, x]: one matrix product per filter tap.
 * Computed as dyᵀ · window (both plain row-major products, which XNNPACK runs fast; a
 * transposed-operand matMul in tfjs-wasm is ~15× slower) and transposed once at the end.
 */
const conv2DBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Conv2DBackpropFilterAttrs;
  assertChannelsLast(Conv2DBackpropFilter, dataFormat);
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  const { batchSize, outHeight, outWidth, inChannels, outChannels, filterHeight, filterWidth } = info;
  const rows = batchSize * outHeight * outWidth;

  const calls = new KernelCalls(backend as KernelBackend, 'wasm');
  try {
    const xPadded = padLikeForward(calls, x, info);
    const dyT = calls.transpose(calls.reshape(dy, [rows, outChannels]), [1, 0]);
    const blocks: TensorInfo[] = [];
    for (let i = 0; i < filterHeight; i++) {
      for (let j = 0; j < filterWidth; j++) {
        const window = calls.reshape(tapWindow(calls, xPadded, info, i, j), [rows, inChannels]);
        blocks.push(calls.run('BatchMatMul', { a: dyT, b: window }, { transposeA: false, transposeB: false }));
      }
    }
    const stacked = calls.reshape(calls.concat(blocks, 0), [filterHeight * filterWidth, outChannels, inChannels]);
    const hwio = calls.transpose(stacked, [0, 2, 1]);
    return calls.keep(calls.reshape(hwio, [filterHeight, filterWidth, inChannels, outChannels]));
  } finally {
    calls.dispose();
  }
};

export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter,
};
