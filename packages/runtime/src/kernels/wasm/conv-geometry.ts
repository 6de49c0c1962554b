import { backend_util, type TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelCalls } from '../kernel-calls.js';

type Conv2DInfo = backend_util.Conv2DInfo;

/** The NHWC geometry every conv backprop kernel here needs, with a clear error for NCHW. */
export function assertChannelsLast(kernelName: string, dataFormat: string | undefined): void {
  if (dataFormat != null && dataFormat !== 'NHWC' && dataFormat !== 'channelsLast') {
    throw new Error(`@lip/runtime: wasm ${kernelName} supports dataFormat 'NHWC' only, got '${dataFormat}'`);
  }
}

/**
 * The input a convolution's filter taps read, split by stride phase. x is padded as the forward pass padded it
 * (and up to a multiple of the stride). Phase (ri, rj) is xPadded[:, ri::sh, rj::sw, :], made by two slices
 * over contiguous runs. Tap (i, j) reads phase (row % sh, col % sw) from (row / sh, col / sw) on, where row and
 * col are its dilated offsets, so every window is a plain slice. tfjs-wasm's StridedSlice, the direct way to
 * take a strided window, is an element-by-element loop: 12 ms per tap for the 161² stem's 3 channels, 220 ms
 * for 64.
 */
function stridePhases(calls: KernelCalls, x: TensorInfo, info: Conv2DInfo) {
  const { batchSize, inChannels, strideHeight, strideWidth } = info;
  const { top, bottom, left, right } = info.padInfo;
  const roundUp = (v: number, m: number) => Math.ceil(v / m) * m;
  const height = roundUp(info.inHeight + top + bottom, strideHeight);
  const width = roundUp(info.inWidth + left + right, strideWidth);
  const xPadded = calls.padOrCrop(x, [[0, 0], [top, height - info.inHeight - top], [left, width - info.inWidth - left], [0, 0]]);
  const [phaseHeight, phaseWidth] = [height / strideHeight, width / strideWidth];
  const phases = new Map<number, TensorInfo>();
  const keyOf = (ri: number, rj: number) => ri * strideWidth + rj;

  /** Phase (ri, rj) as [batch, phaseHeight, phaseWidth, inChannels]. */
  const phase = (ri: number, rj: number): TensorInfo => {
    const key = keyOf(ri, rj);
    let t = phases.get(key);
    if (t != null) return t;
    t = xPadded;
    if (strideHeight > 1) {
      const byRowPhase = calls.reshape(t, [batchSize * phaseHeight, strideHeight, width * inChannels]);
      t = calls.run('Slice', { x: byRowPhase }, { begin: [0, ri, 0], size: [batchSize * phaseHeight, 1, width * inChannels] });
    }
    if (strideWidth > 1) {
      const positions = batchSize * phaseHeight * phaseWidth;
      const byColumnPhase = calls.reshape(t, [positions, strideWidth, inChannels]);
      t = calls.run('Slice', { x: byColumnPhase }, { begin: [0, rj, 0], size: [positions, 1, inChannels] });
    }
    t = calls.reshape(t, [batchSize, phaseHeight, phaseWidth, inChannels]);
    phases.set(key, t);
    return t;
  };

  /** Where tap (i, j) reads: its phase's key and indices, and where in the phase its window starts. */
  const locate = (i: number, j: number) => {
    const row = i * info.dilationHeight;
    const col = j * info.dilationWidth;
    const [ri, rj] = [row % strideHeight, col % strideWidth];
    return { key: keyOf(ri, rj), ri, rj, qi: Math.floor(row / strideHeight), qj: Math.floor(col / strideWidth) };
  };
  return { phase, locate, phaseHeight, phaseWidth };
}

/** The input pixels that filter tap (i, j) multiplied, for every output position: [batch, outHeight, outWidth, inChannels]. */
export function tapWindows(calls: KernelCalls, x: TensorInfo, info: Conv2DInfo): (i: number, j: number) => TensorInfo {
  const { batchSize, outHeight, outWidth, inChannels } = info;
  const { phase, locate } = stridePhases(calls, x, info);
  return (i, j) => {
    const { ri, rj, qi, qj } = locate(i, j);
    return calls.run('Slice', { x: phase(ri, rj) }, { begin: [0, qi, qj, 0], size: [batchSize, outHeight, outWidth, inChannels] });
  };
}

/**
 * The same windows for the filter gradient, as [inChannels, rows] matrices (rows = batch·outHeight·outWidth):
 * each phase is transposed once to channels first (a 2-D transpose), and a window is a slice of it.
 */
export function filterGradientWindows(calls: KernelCalls, x: TensorInfo, info: Conv2DInfo): (i: number, j: number) => TensorInfo {
  const { batchSize, inChannels, outHeight, outWidth } = info;
  const { phase, locate, phaseHeight, phaseWidth } = stridePhases(calls, x, info);
  const channelsFirst = new Map<number, TensorInfo>();
  return (i, j) => {
    const { key, ri, rj, qi, qj } = locate(i, j);
    let p = channelsFirst.get(key);
    if (p == null) {
      const positions = batchSize * phaseHeight * phaseWidth;
      const transposed = calls.transpose(calls.reshape(phase(ri, rj), [positions, inChannels]), [1, 0]);
      p = calls.reshape(transposed, [inChannels, batchSize, phaseHeight, phaseWidth]);
      channelsFirst.set(key, p);
    }
    const whole = qi === 0 && qj === 0 && outHeight === phaseHeight && outWidth === phaseWidth; // e.g. a 1×1 convolution
    const window = whole ? p : calls.run('Slice', { x: p }, { begin: [0, 0, qi, qj], size: [inChannels, batchSize, outHeight, outWidth] });
    return calls.reshape(window, [inChannels, batchSize * outHeight * outWidth]);
  };
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

/**
 * filter[kh, kw, a, b] rotated by 180° in space: its kh·kw taps, each a contiguous [a, b] block, in reverse
 * order, as slices and one concat. tfjs-wasm's Reverse is an element-by-element loop, 3.5× slower on
 * [3, 3, 1024, 128] (85 ms); a 1×1 filter is returned as it is.
 */
export function flipSpatially(calls: KernelCalls, filter: TensorInfo): TensorInfo {
  const [kh, kw, a, b] = filter.shape as [number, number, number, number];
  const taps = kh * kw;
  if (taps === 1) return filter;
  const rows = calls.reshape(filter, [taps, a * b]);
  const reversed: TensorInfo[] = [];
  for (let t = taps - 1; t >= 0; t--) reversed.push(calls.run('Slice', { x: rows }, { begin: [t, 0], size: [1, a * b] }));
  return calls.reshape(calls.concat(reversed, 0), [kh, kw, a, b]);
}
