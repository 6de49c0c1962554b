import * as tfl from '@tensorflow/tfjs-layers';
import { scaleChannels } from '../trunk/resnet-trunk-config.js';
import { pyramidPoolingModule, type PyramidPoolingOptions } from './pyramid-pooling-module.js';

type SymbolicTensor = tfl.SymbolicTensor;

export interface PspnetHeadOptions extends PyramidPoolingOptions {
  numClasses: number;
  /** Channels of `conv5_4` before the width multiplier; default 512. */
  headChannels?: number;
  /** Dropout before `conv6`; default 0.1. */
  dropoutRate?: number;
}

/**
 * PSPNet-Keras' head on trunk features: the pyramid pooling module, `conv5_4` 3×3 'same' (no bias)
 * → `conv5_4_bn` → ReLU → Dropout(0.1) → `conv6` 1×1 with bias → class logits at the feature size.
 */
export function pspnetHead(features: SymbolicTensor, options: PspnetHeadOptions): SymbolicTensor {
  const { numClasses } = options;
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new Error(`@lip/pspnet: numClasses must be a positive integer, got ${numClasses}`);
  const dropoutRate = options.dropoutRate ?? 0.1;
  if (!(dropoutRate >= 0 && dropoutRate < 1)) throw new Error(`@lip/pspnet: dropoutRate must be in [0, 1), got ${dropoutRate}`);
  const seed = options.seed;
  const init = (offset: number) => tfl.initializers.glorotUniform(seed == null ? {} : { seed: seed + offset });
  let x = pyramidPoolingModule(features, options);
  x = tfl.layers.conv2d({
    filters: scaleChannels(options.headChannels ?? 512, options.widthMultiplier ?? 1),
    kernelSize: 3,
    padding: 'same',
    useBias: false,
    name: 'conv5_4',
    kernelInitializer: init(100),
  }).apply(x) as SymbolicTensor;
  x = tfl.layers.batchNormalization({ momentum: options.batchNorm?.momentum ?? 0.95, epsilon: options.batchNorm?.epsilon ?? 1e-5, name: 'conv5_4_bn' }).apply(x) as SymbolicTensor;
  x = tfl.layers.activation({ activation: 'relu', name: 'conv5_4_relu' }).apply(x) as SymbolicTensor;
  x = tfl.layers.dropout({ rate: dropoutRate, name: 'conv5_4_dropout', ...(seed == null ? {} : { seed: seed + 101 }) }).apply(x) as SymbolicTensor;
  return tfl.layers.conv2d({ filters: numClasses, kernelSize: 1, name: 'conv6', kernelInitializer: init(102) }).apply(x) as SymbolicTensor;
}
