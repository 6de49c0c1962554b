import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { scaledSide } from '@lip/schema';

type Shape = (number | null)[];

export interface ScaledBilinearResizeArgs {
  /** Output side = int(input side × scale), truncated as the reference's `tf.cast(..., tf.int32)`. */
  readonly scale: number;
  readonly name?: string;
}

/**
 * `build_mutiscale_image`: bilinear resize to `int(H·s) × int(W·s)` with TF1 `resize_bilinear` semantics
 * (align_corners = false, no half-pixel centres), which tfjs' `resizeBilinear(x, size, false, false)` reproduces.
 * The size comes from the actual input, so the graph works at any input size.
 */
export class ScaledBilinearResize extends tfl.layers.Layer {
  static className = 'ScaledBilinearResize';
  readonly scale: number;

  constructor(args: ScaledBilinearResizeArgs) {
    super(args.name === undefined ? {} : { name: args.name });
    if (!(args.scale > 0)) throw new RangeError(`ScaledBilinearResize: scale must be > 0, got ${args.scale}`);
    this.scale = args.scale;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const side = (n: number | null | undefined) => (n == null ? null : scaledSide(n, this.scale));
    return [shape[0] ?? null, side(shape[1]), side(shape[2]), shape[3] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const [, h, w] = x.shape;
      const size: [number, number] = [scaledSide(h, this.scale), scaledSide(w, this.scale)];
      if (size[0] < 1 || size[1] < 1) {
        throw new RangeError(`${this.name}: input ${h}x${w} scaled by ${this.scale} is empty`);
      }
      if (size[0] === h && size[1] === w) return tf.clone(x);
      return tf.image.resizeBilinear(x, size, false, false);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), scale: this.scale };
  }
}
tf.serialization.registerClass(ScaledBilinearResize);
