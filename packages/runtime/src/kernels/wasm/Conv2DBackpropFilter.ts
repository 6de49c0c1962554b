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
import { KernelCalls } from '../kernel-calls.js';

/** Name of the dilation-aware variant; attrs: {dilations, pad, filterShape}, stride 1. */
export const AtrousConv2DBackpropFilter = 'LipAtrousConv2DBackpropFilter';

/**
 * dW[i, j] = Σ_{b,y,x} xpad[b, y·s + i, x·s + j] ⊗ dy[b, y, x]: one matrix product per filter tap.
 * Computed as dyᵀ · window (both plain row-major products, which XNNPACK runs fast; a
 * transposed-operand matMul in tfjs-wasm is ~15× slower) and transposed once at the end.
 */
function filterGradient(backend: KernelBackend, x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const { batchSize, outHeight, outWidth, inChannels, outChannels, filterHeight, filterWidth } = info;
  const rows = batchSize * outHeight * outWidth;
  const calls = new KernelCalls(backend, 'wasm');
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
}

const conv2DBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Conv2DBackpropFilterAttrs;
  assertChannelsLast(Conv2DBackpropFilter, dataFormat);
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  return filterGradient(backend as KernelBackend, x, dy, info);
};

/** The same with dilations (stride 1): taps sit `dilation` apart, no space-to-batch needed. */
const atrousConv2DBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { dilations, pad, filterShape } = attrs as unknown as { dilations: [number, number]; pad: 'same' | 'valid'; filterShape: [number, number, number, number] };
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, 1, dilations, pad, undefined, false, 'channelsLast');
  return filterGradient(backend as KernelBackend, x, dy, info);
};

export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter,
};

export const atrousConv2DBackpropFilterConfig: KernelConfig = {
  kernelName: AtrousConv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: atrousConv2DBackpropFilter,
};
