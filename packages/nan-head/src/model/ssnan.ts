import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { scaledSide } from '@lip/schema';
import type { SsnanHeadLayers } from './ssnan-head-layers.js';
import { SSNAN_FEATURE_STRIDE, type ResolvedSsnanConfig } from './ssnan-config.js';

type Layer = tfl.layers.Layer;

/**
 * The SS-NAN model: one shared dilated-ResNet trunk (`resnet101_model`) applied to the input at every
 * scale, the neural-aggregation head, and the deep-supervision classifier.
 *
 * - `model` is the inference graph of the reference (`input_image` → `mask_prob`), a tfjs LayersModel.
 * - The methods below run the same layers eagerly, for the training sub-modes (`train_submode`) that need more than
 *   `mask_prob` (per-scale outputs, pretrain's random scale).
 */
export class Ssnan {
  constructor(
    readonly config: ResolvedSsnanConfig,
    /** The shared trunk, a nested LayersModel named `resnet101_model`. */
    readonly trunk: tfl.LayersModel,
    readonly head: SsnanHeadLayers,
    /**
     * The complete model `resnet101_fcn`, holding every SS-NAN weight: `input_image` [B, H, W, 3] (RGB − mean) →
     * [`mask_prob`, the `mask_class_conv` probabilities of the 1.0 scale]. Train, checkpoint and load weights with it.
     */
    readonly model: tfl.LayersModel,
    /** The reference's inference graph: `input_image` → `mask_prob` [B, H, W, classes] (shares every layer with `model`). */
    readonly inferenceModel: tfl.LayersModel,
  ) {}

  /** Channels of the trunk output (2048 × width multiplier). */
  get featureChannels(): number {
    return this.trunk.outputs[0]!.shape[3]!;
  }

  /** Every layer that owns weights, trunk layers first (nested model flattened), then the head. */
  weightedLayers(): Layer[] {
    const head = [this.head.maskAttConv, this.head.maskAttProb, this.head.maskDenseclassConv, this.head.maskClassConv];
    return [...this.trunk.layers, ...head].filter((layer) => layer.weights.length > 0);
  }

  /** The layer of that name, trunk layers included. */
  getLayer(name: string): Layer {
    const layer = this.weightedLayers().find((l) => l.name === name) ?? this.model.layers.find((l) => l.name === name);
    if (layer === undefined) throw new Error(`SS-NAN: no layer named '${name}'`);
    return layer;
  }

  /** Throws unless `images` is a float32 [B, H, W, 3] batch with sides of at least 8 pixels. */
  checkImages(images: tf.Tensor, what = 'images'): asserts images is tf.Tensor4D {
    if (images.rank !== 4 || images.shape[3] !== 3) {
      throw new Error(`SS-NAN: ${what} must be [batch, height, width, 3] (RGB minus the mean pixel), got shape [${images.shape.join(', ')}]`);
    }
    if (images.dtype !== 'float32') throw new Error(`SS-NAN: ${what} must be float32, got ${images.dtype}`);
    const minSide = Math.ceil(SSNAN_FEATURE_STRIDE / Math.min(...this.config.scales));
    if (images.shape[1]! < minSide || images.shape[2]! < minSide) {
      throw new Error(`SS-NAN: ${what} is ${images.shape[1]}x${images.shape[2]}; sides must be at least ${minSide} for scales ${this.config.scales.join(', ')}`);
    }
    const size = this.config.imageSize;
    if (size !== null && (images.shape[1] !== size || images.shape[2] !== size)) {
      throw new Error(`SS-NAN: ${what} is ${images.shape[1]}x${images.shape[2]} but the model was built for ${size}x${size} (config.imageSize)`);
    }
  }

  /**
   * Trunk features of the input at `scale`, resized to the feature grid ceil(H/8) × ceil(W/8):
   * `ResizeLayer(resnet(build_mutiscale_image(image, s)))`.
   */
  scaleFeatures(images: tf.Tensor4D, scale: number, training: boolean): tf.Tensor4D {
    return tf.tidy(() => {
      const [, h, w] = images.shape;
      const size: [number, number] = [scaledSide(h, scale), scaledSide(w, scale)];
      const scaled = size[0] === h && size[1] === w ? images : tf.image.resizeBilinear(images, size, false, false);
      const features = this.trunk.apply(scaled, { training }) as tf.Tensor | tf.Tensor[];
      const first = (Array.isArray(features) ? features[0] : features) as tf.Tensor4D;
      return this.head.resizeFeatures.apply([first, images]) as tf.Tensor4D;
    });
  }

  /** The attention map [B, h, w, #scales] from the concatenated scale features (`mask_att_conv` → dropout → `mask_att_prob`). */
  attention(features: readonly tf.Tensor4D[], training: boolean): tf.Tensor4D {
    return tf.tidy(() => {
      const stacked = features.length === 1 ? features[0]! : tf.concat(features as tf.Tensor4D[], -1);
      const hidden = this.head.maskAttConv.apply(stacked) as tf.Tensor4D;
      const dropped = this.head.attentionDropout.apply(hidden, { training }) as tf.Tensor4D;
      return this.head.maskAttProb.apply(dropped) as tf.Tensor4D;
    });
  }

  /** Softmax of `classifier(features)` resized to the input size: one probability map [B, H, W, classes]. */
  classify(features: tf.Tensor4D, classifier: Layer, images: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      const logits = classifier.apply(features) as tf.Tensor4D;
      const full = this.head.maskLogits.apply([logits, images]) as tf.Tensor4D;
      return this.head.maskProb.apply(full) as tf.Tensor4D;
    });
  }

  /** `mask_prob` of the NAN graph, computed eagerly (same layers and order as `model`). */
  maskProbFromFeatures(features: readonly tf.Tensor4D[], images: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return tf.tidy(() => {
      const att = this.attention(features, training);
      const weighted = this.head.weightedFeatures.apply([...features, att]) as tf.Tensor4D;
      return this.classify(weighted, this.head.maskDenseclassConv, images);
    });
  }

  /** `mask_prob` [B, H, W, classes] for a batch of mean-subtracted RGB images (inference: no dropout, BN moving statistics). */
  predictProbabilities(images: tf.Tensor4D): tf.Tensor4D {
    this.checkImages(images);
    return tf.tidy(() => this.inferenceModel.predict(images) as tf.Tensor4D);
  }

  /**
   * Frees every weight. (tfjs-layers' own `dispose()` counts references per use, and the trunk and the
   * shared resize layers are used several times, so it would leave them allocated.)
   */
  dispose(): void {
    const variables = new Set(this.model.weights);
    for (const v of variables) {
      const tensor = v.read();
      if (!tensor.isDisposed) v.dispose();
    }
  }
}
