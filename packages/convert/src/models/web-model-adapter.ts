import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { WeightSource } from '@lip/runtime';
import type { WebModelKind } from '../web-model-kind.js';

/** What the comparison reads from one forward pass. */
export interface NetworkOutputs {
  /** The network's class logits [1, h, w, classes] (before any softmax). */
  readonly logits: tf.Tensor4D;
  /** JPPNet: the last stage's pose heatmaps [1, h, w, joints]. */
  readonly pose?: tf.Tensor4D;
}

/** A network built from a config, with what conversion and the comparison need. */
export interface BuiltNetwork {
  /** The model whose weights and topology go into the web model (`jppnet.model`, `ssnan.model`, `pspnet.model`). */
  readonly model: tfl.LayersModel;
  /** The config as the model's metadata carries it (what the package's own save writes). */
  readonly config: Record<string, unknown>;
  /** [height, width] of the comparison input: the model's input size. */
  readonly testSize: readonly [number, number];
  /** Copies the weights in by name with the package's loader; throws (naming the file and tensors) unless complete. Returns the count loaded. */
  load(source: WeightSource): number;
  /** Network input [1, h, w, 3] from an RGB tensor [h, w, 3] (0..255, float32) of `testSize`. */
  prepare(rgb: tf.Tensor3D): tf.Tensor4D;
  /** One inference forward pass (no dropout, BN moving statistics). */
  forward(input: tf.Tensor4D): NetworkOutputs;
  dispose(): void;
}

export interface WebModelAdapter {
  readonly kind: WebModelKind;
  /** The key of the config in a saved model's `userDefinedMetadata`. */
  readonly metadataKey: string;
  /** What the published model is called, for messages about the default config. */
  readonly defaultConfigName: string;
  /** Builds the network; `weights` may supply what the config leaves out (PSPNet's class count). */
  build(config: Record<string, unknown> | null, weights: WeightSource): BuiltNetwork;
}
