import * as tfl from '@tensorflow/tfjs-layers';
import { bilinearResize } from '../layers/bilinear-resize.js';
import { scaleChannels, type BatchNormConfig } from '../trunk/resnet-trunk-config.js';

type SymbolicTensor = tfl.SymbolicTensor;

/** PSPNet's pyramid: 1×1, 2×2, 3×3 and 6×6 bins. */
export const PSPNET_BINS: readonly number[] = [1, 2, 3, 6];

export interface PyramidPoolingOptions {
  /** Pyramid bins; default [1, 2, 3, 6]. The concatenation lists them largest first, as the reference does. */
  bins?: readonly number[];
  /** Channels of each `conv5_3_pool{N}_conv` before the width multiplier; default 512. */
  channels?: number;
  /** Scales `channels` (rounded, at least 1). Default 1. */
  widthMultiplier?: number;
  /**
   * Average-pooling kernel (= stride) per bin, overriding the default floor(feature / bin) per axis,
   * e.g. PSPNet-Keras' table for 473²: {1: 60, 2: 30, 3: 20, 6: 10}.
   */
  poolSizes?: Readonly<Record<number, number | readonly [number, number]>>;
  /** Default PSPNet-Keras' momentum 0.95, epsilon 1e-5. */
  batchNorm?: BatchNormConfig;
  /** Seeds the conv kernel initializers. */
  seed?: number;
}

/**
 * Kernel = stride of one pyramid bin over a feature map, per axis: floor(size / bin). This is
 * PSPNet-Keras' table where it has one (60/30/20/10 at 473², 90/45/30/15 at 713², where every bin
 * divides the 60² / 90² features) and its natural extension elsewhere: 'valid' pooling then drops
 * the remainder rows/columns and a bin may give more than bin×bin cells (8 px, bin 3: kernel 2, 4 cells).
 */
export function pyramidPoolKernel(featureSize: readonly [number, number], bin: number): [number, number] {
  if (!Number.isInteger(bin) || bin < 1) throw new Error(`@lip/pspnet: pyramid bin must be a positive integer, got ${bin}`);
  const [h, w] = featureSize;
  if (h < bin || w < bin) {
    throw new Error(`@lip/pspnet: a ${h}×${w} feature map is too small for pyramid bin ${bin} (it needs at least ${bin}×${bin}; use a larger input or fewer bins)`);
  }
  return [Math.floor(h / bin), Math.floor(w / bin)];
}

/** The pooling kernel of every bin, with the overrides of `poolSizes` applied. */
export function pyramidPoolKernels(
  featureSize: readonly [number, number],
  bins: readonly number[] = PSPNET_BINS,
  poolSizes: PyramidPoolingOptions['poolSizes'] = {},
): Map<number, [number, number]> {
  const kernels = new Map<number, [number, number]>();
  for (const bin of bins) {
    const given = poolSizes[bin];
    const kernel: [number, number] = given == null ? pyramidPoolKernel(featureSize, bin) : typeof given === 'number' ? [given, given] : [given[0], given[1]];
    if (kernel.some((k, i) => !Number.isInteger(k) || k < 1 || k > featureSize[i]!)) {
      throw new Error(`@lip/pspnet: pool size ${JSON.stringify(given)} for bin ${bin} must be positive integers no larger than the ${featureSize.join('×')} feature map`);
    }
    kernels.set(bin, kernel);
  }
  return kernels;
}

/**
 * PSPNet's pyramid pooling module on a symbolic feature map of fixed size [B, h, w, C]:
 * for each bin, AveragePooling2D(kernel = stride, 'valid') → `conv5_3_pool{N}_conv` 1×1 (no bias)
 * → `conv5_3_pool{N}_conv_bn` → ReLU → bilinear resize back to h×w with align_corners=true
 * (PSPNet's `Interp`); then concat [features, pool6, pool3, pool2, pool1] (largest bin first),
 * giving C + bins × channels channels. Composable inside any tfjs-layers graph.
 */
export function pyramidPoolingModule(features: SymbolicTensor, options: PyramidPoolingOptions = {}): SymbolicTensor {
  const [, h, w] = features.shape;
  if (features.shape.length !== 4 || h == null || w == null) {
    throw new Error(`@lip/pspnet: pyramidPoolingModule needs NHWC features of fixed height and width (pool sizes depend on them), got shape ${JSON.stringify(features.shape)}; build the network with a fixed input size`);
  }
  const bins = options.bins ?? PSPNET_BINS;
  if (bins.length === 0 || new Set(bins).size !== bins.length) throw new Error(`@lip/pspnet: pyramid bins must be distinct, got ${JSON.stringify(bins)}`);
  const kernels = pyramidPoolKernels([h, w], bins, options.poolSizes);
  const channels = scaleChannels(options.channels ?? 512, options.widthMultiplier ?? 1);
  const momentum = options.batchNorm?.momentum ?? 0.95;
  const epsilon = options.batchNorm?.epsilon ?? 1e-5;
  const branches = new Map<number, SymbolicTensor>();
  bins.forEach((bin, i) => {
    const kernel = kernels.get(bin)!;
    const p = `conv5_3_pool${bin}`;
    let y = tfl.layers.averagePooling2d({ poolSize: kernel, strides: kernel, padding: 'valid', name: p }).apply(features) as SymbolicTensor;
    const kernelInitializer = tfl.initializers.glorotUniform(options.seed == null ? {} : { seed: options.seed + i });
    y = tfl.layers.conv2d({ filters: channels, kernelSize: 1, useBias: false, name: `${p}_conv`, kernelInitializer }).apply(y) as SymbolicTensor;
    y = tfl.layers.batchNormalization({ momentum, epsilon, name: `${p}_conv_bn` }).apply(y) as SymbolicTensor;
    y = tfl.layers.activation({ activation: 'relu', name: `${p}_conv_relu` }).apply(y) as SymbolicTensor;
    y = bilinearResize({ size: [h, w], alignCorners: true, name: `${p}_interp` }).apply(y) as SymbolicTensor;
    branches.set(bin, y);
  });
  const largestFirst = [...bins].sort((a, b) => b - a).map((bin) => branches.get(bin)!);
  return tfl.layers.concatenate({ axis: -1, name: 'conv5_3_concat' }).apply([features, ...largestFirst]) as SymbolicTensor;
}
