import { backend_util, type TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelCalls } from '../kernel-calls.js';

type Conv2DInfo = backend_util.Conv2DInfo;

/** The NHWC geometry every conv backprop kernel here needs, with a clear error for NCHW. */
export function assertChannelsLast(kernelName: string, dataFormat: string | undefined): void {
  if (dataFormat != null && dataFormat !== 'NHWC' && dataFormat !== 'channelsLast') {
    throw new Error(`@lip/runtime: wasm ${kernelName} supports dataFormat 'NHWC' only, got '${dataFormat}'`);
  }
}

/** x zero-padded exactly as the forward convolution padded it. */
export function padLikeForward(calls: KernelCalls, x: TensorInfo, info: Conv2DInfo): TensorInfo {
  const { top, bottom, left, right } = info.padInfo;
  return calls.padOrCrop(x, [[0, 0], [top, bottom], [left, right], [0, 0]]);
}

/**
 * The input pixels that filter tap (i, j) multiplied in the forward pass, for every output
 * position: shape [batch, outHeight, outWidth, inChannels].
 */
export function tapWindow(calls: KernelCalls, xPadded: TensorInfo, info: Conv2DInfo, i: number, j: number): TensorInfo {
  const { batchSize, outHeight, outWidth, inChannels, strideHeight, strideWidth } = info;
  const row = i * info.dilationHeight;
  const col = j * info.dilationWidth;
  if (strideHeight === 1 && strideWidth === 1) {
    return calls.run('Slice', { x: xPadded }, { begin: [0, row, col, 0], size: [batchSize, outHeight, outWidth, inChannels] });
  }
  return calls.run('StridedSlice', { x: xPadded }, {
    begin: [0, row, col, 0],
    end: [batchSize, row + (outHeight - 1) * strideHeight + 1, col + (outWidth - 1) * strideWidth + 1, inChannels],
    strides: [1, strideHeight, strideWidth, 1],
    beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0,
  });
}

/**
 * The output gradient laid out so that a stride-1 'valid' correlation with the spatially
 * flipped filter yields the input gradient: zeros between rows/columns for strides, then
 * (filter extent − 1 − forward padding) zeros before and enough after to reach the input size.
 */
export function dyForInputGradient(calls: KernelCalls, dy: TensorInfo, info: Conv2DInfo): TensorInfo {
  const { batchSize, outHeight, outWidth, outChannels, strideHeight, strideWidth } = info;
  let spread = dy;
  if (strideHeight > 1 || strideWidth > 1) {
    const split = calls.reshape(dy, [batchSize, outHeight, 1, outWidth, 1, outChannels]);
    const interleaved = calls.padOrCrop(split, [[0, 0], [0, 0], [0, strideHeight - 1], [0, 0], [0, strideWidth - 1], [0, 0]]);
    spread = calls.reshape(interleaved, [batchSize, outHeight * strideHeight, outWidth * strideWidth, outChannels]);
  }
  const before = (extent: number, pad: number) => extent - 1 - pad;
  const top = before(info.effectiveFilterHeight, info.padInfo.top);
  const left = before(info.effectiveFilterWidth, info.padInfo.left);
  const bottom = info.inHeight + info.effectiveFilterHeight - 1 - top - spread.shape[1]!;
  const right = info.inWidth + info.effectiveFilterWidth - 1 - left - spread.shape[2]!;
  return calls.padOrCrop(spread, [[0, 0], [top, bottom], [left, right], [0, 0]]);
}

/** filter[kh, kw, a, b] rotated by 180° in space. */
export function flipSpatially(calls: KernelCalls, filter: TensorInfo): TensorInfo {
  return calls.run('Reverse', { x: filter }, { dims: [0, 1] });
}
