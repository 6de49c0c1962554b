import {
  backend_util,
  DepthwiseConv2dNativeBackpropInput,
  type DepthwiseConv2dNativeBackpropInputAttrs,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { dyForInputGradient, flipSpatially } from './conv-geometry.js';
import { KernelCalls } from '../kernel-calls.js';

/**
 * dx[c] = Σ_m (spread, padded dy[c·M + m]) ⋆ flipped W[:, :, c, m]: a depthwise forward conv
 * with multiplier 1 over all c·M gradient channels, then a sum over the M multiplier outputs.
 */
const depthwiseConv2dNativeBackpropInput: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const { strides, dilations, pad, dimRoundingMode, inputShape } =
    attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
  const filterShape = filter.shape as [number, number, number, number];
  const info = backend_util.computeConv2DInfo(inputShape, filterShape, strides, dilations, pad, dimRoundingMode, true);
  const [filterHeight, filterWidth, inChannels, multiplier] = filterShape;

  const calls = new KernelCalls(backend as KernelBackend, 'wasm');
  try {
    const dyLaidOut = dyForInputGradient(calls, dy, info);
    const perChannel = calls.reshape(flipSpatially(calls, filter), [filterHeight, filterWidth, inChannels * multiplier, 1]);
    const dxPerChannel = calls.run('DepthwiseConv2dNative', { x: dyLaidOut, filter: perChannel }, {
      strides: [1, 1], pad: 'valid', dilations: [info.dilationHeight, info.dilationWidth],
    });
    if (multiplier === 1) return calls.keep(dxPerChannel);
    const [batch, height, width] = inputShape;
    const split = calls.reshape(dxPerChannel, [batch, height, width, inChannels, multiplier]);
    return calls.keep(calls.run('Sum', { x: split }, { axis: [4], keepDims: false }));
  } finally {
    calls.dispose();
  }
};

export const depthwiseConv2dNativeBackpropInputConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dNativeBackpropInput,
};
