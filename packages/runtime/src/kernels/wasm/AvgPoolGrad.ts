import {
  backend_util,
  type AvgPoolGradAttrs,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { KernelCalls } from '../kernel-calls.js';

/**
 * AvgPoolGrad when the windows tile the input without overlapping or padding (stride = window, as in PSPNet's
 * pyramid pooling): each window's dy/(kh·kw) spread over the window by one broadcasting multiply, and zeros for
 * the rows and columns no window covers. tfjs-wasm's own kernel loops over every window of every output: on the
 * 21² bins of a 161² PSPNet it took 6 % of a training step. Other geometries go to that kernel.
 */
export function avgPoolGradConfig(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
    const { filterSize, strides, pad } = args.attrs as unknown as AvgPoolGradAttrs;
    const info = backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad);
    const { top, left } = info.padInfo;
    const tiles = info.strideHeight === info.filterHeight && info.strideWidth === info.filterWidth && top === 0 && left === 0
      && info.outHeight * info.filterHeight <= info.inHeight && info.outWidth * info.filterWidth <= info.inWidth;
    if (!tiles || dy.dtype !== 'float32') return original.kernelFunc(args);
    return spreadOverWindows(new KernelCalls(args.backend as KernelBackend, 'wasm'), dy, info);
  };
  return { ...original, kernelFunc };
}

function spreadOverWindows(calls: KernelCalls, dy: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth } = info;
  try {
    const window = calls.constant(new Float32Array(filterHeight * filterWidth).fill(1 / (filterHeight * filterWidth)), [1, filterHeight, 1, filterWidth, 1]);
    const rows = calls.reshape(dy, [batchSize * outHeight, 1, outWidth, 1, inChannels]);
    const spread = calls.reshape(calls.run('Multiply', { a: rows, b: window }), [batchSize, outHeight * filterHeight, outWidth * filterWidth, inChannels]);
    const uncovered: Array<[number, number]> = [[0, 0], [0, inHeight - outHeight * filterHeight], [0, inWidth - outWidth * filterWidth], [0, 0]];
    return calls.keep(calls.padOrCrop(spread, uncovered));
  } finally {
    calls.dispose();
  }
}
