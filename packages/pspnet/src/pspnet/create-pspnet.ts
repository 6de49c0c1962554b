import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { bilinearResize } from '../layers/bilinear-resize.js';
import { pspnetHead } from '../psp/pspnet-head.js';
import { PSPNET_BINS, pyramidPoolKernels } from '../psp/pyramid-pooling-module.js';
import { SSNAN_MEAN_RGB } from '@lip/schema';
import { letterboxPlan, moldImage, unmoldProbabilities, type Preprocessing } from '../segment/letterbox.js';
import { createResnetTrunk } from '../trunk/create-resnet-trunk.js';
import { resolveResnetTrunkConfig, type BatchNormConfig, type OutputStride, type ResnetDepth, type ResolvedResnetTrunkConfig } from '../trunk/resnet-trunk-config.js';

export interface PspnetConfig {
  numClasses: number;
  /** Trunk depth; default 101. */
  depth?: ResnetDepth;
  /** Fixed input side or [height, width]; default 473 (PSPNet's VOC/LIP size). The pyramid pooling is sized for it. */
  inputSize?: number | readonly [number, number];
  /** Scales every channel count of trunk and head; default 1. */
  widthMultiplier?: number;
  blocksPerStage?: readonly [number, number, number, number];
  /** Default 8. */
  outputStride?: OutputStride;
  /** Pyramid bins; default [1, 2, 3, 6]. */
  bins?: readonly number[];
  /** Average-pooling kernel (= stride) per bin, e.g. PSPNet-Keras' {1: 60, 2: 30, 3: 20, 6: 10} (the default at 473²). */
  poolSizes?: Readonly<Record<number, number | readonly [number, number]>>;
  /** Default 0.1. */
  dropoutRate?: number;
  /** 'probabilities' (default, softmax as the reference) or 'logits', both at the input size. */
  output?: 'probabilities' | 'logits';
  /** Default PSPNet-Keras' momentum 0.95, epsilon 1e-5 (trunk and head). */
  batchNorm?: BatchNormConfig;
  /** Name of the nested trunk model; default 'resnet{depth}_model'. */
  trunkName?: string;
  /** Model name; default 'pspnet'. */
  name?: string;
  /** Seeds every initializer and the dropout, so builds and training runs reproduce. */
  seed?: number;
  /** What `segment` does to an image before the network; default SS-NAN's RGB mean subtraction. */
  preprocessing?: Preprocessing;
}

export interface SegmentOptions extends Preprocessing {
  /** Upscale images whose short side is below this (SS-NAN evaluation: 120); default 0, never. */
  minDim?: number;
}

/** A PSPNet segmenter: the tfjs model plus the pre- and post-processing of `segment`. */
export interface Pspnet {
  /** image [B, H, W, 3] (already mean-subtracted) → probabilities or logits [B, H, W, numClasses]. */
  readonly model: tfl.LayersModel;
  /** The nested trunk (layer `trunkName` of `model`), [B, H, W, 3] → [B, H/8, W/8, 2048·width]. */
  readonly trunk: tfl.LayersModel;
  readonly inputSize: [number, number];
  /** Trunk output size, ceil(input / output stride). */
  readonly featureSize: [number, number];
  /** Kernel = stride of each pyramid bin over the features. */
  readonly poolKernels: ReadonlyMap<number, [number, number]>;
  readonly numClasses: number;
  readonly trunkConfig: ResolvedResnetTrunkConfig;
  /**
   * Label map [h, w] (int32) of one RGB image [h, w, 3] (0..255) at its own size: letterboxed into the
   * input as SS-NAN's `mold_inputs` (fit, keep aspect, pad centred, subtract the mean), then the window
   * of the probabilities is resized back (corner-aligned) and arg-maxed. See `letterboxPlan`.
   */
  segment(image: tf.Tensor3D, options?: SegmentOptions): tf.Tensor2D;
  dispose(): void;
}

/** Key of the PSPNet config in a saved model's `userDefinedMetadata` (as `jppnet` and `ssnan` are for theirs). */
export const PSPNET_METADATA_KEY = 'pspnet';

function fail(message: string): never {
  throw new Error(`@lip/pspnet: createPspnet: ${message}`);
}

/**
 * PSPNet as PSPNet-Keras builds it (`build_pspnet`): the dilated ResNet trunk (nested as one model),
 * the pyramid pooling module, `conv5_4`, dropout, `conv6`, a corner-aligned bilinear resize to the
 * input size and a softmax. Layer names follow the reference, so `pspnet101_voc2012.h5`-style files
 * load by name (see `loadPspnetWeights`).
 */
export function createPspnet(config: PspnetConfig): Pspnet {
  if (config == null || typeof config !== 'object') fail('expected a config object with at least { numClasses }');
  const size = config.inputSize ?? 473;
  const inputSize: [number, number] = typeof size === 'number' ? [size, size] : [size[0], size[1]];
  if (inputSize.some((s) => !Number.isInteger(s) || s < 1)) fail(`inputSize must be a positive integer or [height, width], got ${JSON.stringify(size)}`);
  const output = config.output ?? 'probabilities';
  if (output !== 'probabilities' && output !== 'logits') fail(`output must be 'probabilities' or 'logits', got ${JSON.stringify(output)}`);
  const trunkConfig = resolveResnetTrunkConfig({
    family: 'pspnet',
    depth: config.depth,
    widthMultiplier: config.widthMultiplier,
    blocksPerStage: config.blocksPerStage,
    outputStride: config.outputStride,
    inputShape: [null, null, 3],
    name: config.trunkName,
    batchNorm: config.batchNorm,
    seed: config.seed,
  });
  const featureSize: [number, number] = [Math.ceil(inputSize[0] / trunkConfig.outputStride), Math.ceil(inputSize[1] / trunkConfig.outputStride)];
  const bins = config.bins ?? PSPNET_BINS;
  // Validates bins and pool sizes against the feature map before any layer is made.
  const poolKernels = pyramidPoolKernels(featureSize, bins, config.poolSizes);

  const trunk = createResnetTrunk(trunkConfig);
  const image = tfl.input({ shape: [inputSize[0], inputSize[1], 3], name: 'image' });
  const features = trunk.apply(image) as tfl.SymbolicTensor;
  const logits = pspnetHead(features, {
    numClasses: config.numClasses,
    bins,
    poolSizes: config.poolSizes,
    widthMultiplier: trunkConfig.widthMultiplier,
    dropoutRate: config.dropoutRate,
    batchNorm: trunkConfig.batchNorm,
    seed: config.seed == null ? undefined : config.seed + 1000,
  });
  let y = bilinearResize({ size: inputSize, alignCorners: true, name: 'conv6_interp' }).apply(logits) as tfl.SymbolicTensor;
  if (output === 'probabilities') y = tfl.layers.activation({ activation: 'softmax', name: 'probabilities' }).apply(y) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: image, outputs: y, name: config.name ?? 'pspnet' });
  // The config as given, JSON-safe: a saved model (`model.save`) carries it, so the network can be rebuilt.
  model.setUserDefinedMetadata({ [PSPNET_METADATA_KEY]: JSON.parse(JSON.stringify(config)) as Record<string, unknown> });

  const defaults = config.preprocessing ?? {};
  return {
    model,
    trunk,
    inputSize,
    featureSize,
    poolKernels,
    numClasses: config.numClasses,
    trunkConfig,
    segment(img: tf.Tensor3D, options: SegmentOptions = {}): tf.Tensor2D {
      if (img == null || img.rank !== 3 || img.shape[2] !== 3) {
        throw new Error(`@lip/pspnet: segment expects one RGB image [height, width, 3], got shape ${JSON.stringify(img?.shape)}`);
      }
      const plan = letterboxPlan([img.shape[0], img.shape[1]], inputSize, options.minDim ?? 0);
      return tf.tidy(() => {
        const x = moldImage(img, plan, {
          mean: options.mean ?? defaults.mean ?? SSNAN_MEAN_RGB,
          channelOrder: options.channelOrder ?? defaults.channelOrder ?? 'rgb',
        });
        const scores = model.predict(x) as tf.Tensor4D;
        return unmoldProbabilities(scores, plan);
      });
    },
    dispose() {
      model.dispose();
    },
  };
}
