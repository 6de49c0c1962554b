import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

type Shape = (number | null)[];

export interface BilinearResizeLikeArgs {
  /** Output side = ceil(reference side / stride): 8 for the feature grid (`BACKBONE_SHAPES[1]`), 1 for `mask_logits`. */
  readonly stride: number;
  readonly name?: string;
}

/**
 * Inputs `[x, reference]`: resizes x bilinearly (TF1 semantics, align_corners = false) to
 * `ceil(H_ref / stride) × ceil(W_ref / stride)`. The reference resizes to sizes computed from its
 * fixed `IMAGE_SHAPE`; reading them from the input image gives the same sizes and works at any size.
 */
export class BilinearResizeLike extends tfl.layers.Layer {
  static className = 'BilinearResizeLike';
  readonly stride: number;

  constructor(args: BilinearResizeLikeArgs) {
    super(args.name === undefined ? {} : { name: args.name });
    if (!Number.isInteger(args.stride) || args.stride < 1) {
      throw new RangeError(`BilinearResizeLike: stride must be an integer ≥ 1, got ${args.stride}`);
    }
    this.stride = args.stride;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [x, ref] = inputShape as Shape[];
    if (x == null || ref == null) throw new Error(`${this.name}: expects two inputs [x, reference]`);
    const side = (n: number | null | undefined) => (n == null ? null : Math.ceil(n / this.stride));
    return [x[0] ?? null, side(ref[1]), side(ref[2]), x[3] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      if (!Array.isArray(inputs) || inputs.length !== 2) throw new Error(`${this.name}: expects two inputs [x, reference]`);
      const x = inputs[0] as tf.Tensor4D;
      const ref = inputs[1] as tf.Tensor4D;
      const size: [number, number] = [Math.ceil(ref.shape[1] / this.stride), Math.ceil(ref.shape[2] / this.stride)];
      if (size[0] === x.shape[1] && size[1] === x.shape[2]) return tf.clone(x);
      return tf.image.resizeBilinear(x, size, false, false);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), stride: this.stride };
  }
}
tf.serialization.registerClass(BilinearResizeLike);
