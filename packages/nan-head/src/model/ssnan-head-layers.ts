import * as tfl from '@tensorflow/tfjs-layers';
import { ScaledBilinearResize } from '../layers/scaled-bilinear-resize.js';
import { BilinearResizeLike } from '../layers/bilinear-resize-like.js';
import { WeightedScaleSum } from '../layers/weighted-scale-sum.js';
import { SSNAN_FEATURE_STRIDE, type ResolvedSsnanConfig } from './ssnan-config.js';

type Layer = tfl.layers.Layer;

/** The SS-NAN layers around the shared trunk, named as in `AttResnet101FCN.build`. */
export interface SsnanHeadLayers {
  /** One resize per scale (`build_mutiscale_image`), in scale order. */
  readonly multiscaleImages: readonly ScaledBilinearResize[];
  /** The shared resize of every scale's features to ceil(side / 8) (`ResizeLayer`). */
  readonly resizeFeatures: BilinearResizeLike;
  /** Conv2D(attentionWidth, 3×3, same, ReLU, bias). */
  readonly maskAttConv: Layer;
  /** Dropout(0.5) between the two attention convs. */
  readonly attentionDropout: Layer;
  /** Conv2D(#scales, 3×3, same, softmax over channels): one weight per scale per pixel. */
  readonly maskAttProb: Layer;
  /** `weigthed_features` (sic): Σ_i feature_i · attention_i. */
  readonly weightedFeatures: WeightedScaleSum;
  /** Conv2D(numClasses, 3×3, same): the NAN classifier (also the deep-supervision classifier of step 3). */
  readonly maskDenseclassConv: Layer;
  /** Conv2D(numClasses, 3×3, same): the pretrain / `finetune_withdeep` deep-supervision classifier. */
  readonly maskClassConv: Layer;
  /** `mask_logits`: bilinear resize of the class logits to the input size. */
  readonly maskLogits: BilinearResizeLike;
  /** `mask_prob`: softmax over classes. */
  readonly maskProb: Layer;
}

/**
 * Creates the head layers. Kernels use Keras' default glorot-uniform initialiser (seeded), biases zeros,
 * so a layer a weight file does not cover starts as it would in the reference (`SS-NAN/model.py` keeps Keras' default initialisers).
 */
export function createSsnanHeadLayers(config: ResolvedSsnanConfig, dropout: Layer): SsnanHeadLayers {
  const conv = (name: string, filters: number, seedOffset: number, activation: 'relu' | 'softmax' | 'linear') =>
    tfl.layers.conv2d({
      name,
      filters,
      kernelSize: 3,
      padding: 'same',
      activation,
      useBias: true,
      kernelInitializer: tfl.initializers.glorotUniform({ seed: config.seed * 1000 + seedOffset }),
      biasInitializer: 'zeros',
    });
  return {
    multiscaleImages: config.scales.map((scale, i) => new ScaledBilinearResize({ scale, name: `multiscale_image_${i}` })),
    resizeFeatures: new BilinearResizeLike({ stride: SSNAN_FEATURE_STRIDE, name: 'resize_features' }),
    maskAttConv: conv('mask_att_conv', config.attentionWidth, 1, 'relu'),
    attentionDropout: dropout,
    maskAttProb: conv('mask_att_prob', config.scales.length, 2, 'softmax'),
    weightedFeatures: new WeightedScaleSum({ name: 'weigthed_features' }),
    maskDenseclassConv: conv('mask_denseclass_conv', config.numClasses, 3, 'linear'),
    maskClassConv: conv('mask_class_conv', config.numClasses, 4, 'linear'),
    maskLogits: new BilinearResizeLike({ stride: 1, name: 'mask_logits' }),
    maskProb: tfl.layers.activation({ activation: 'softmax', name: 'mask_prob' }),
  };
}
