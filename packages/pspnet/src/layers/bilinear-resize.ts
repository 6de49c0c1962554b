import { image, serialization, tidy, type Tensor, type Tensor3D, type Tensor4D } from '@tensorflow/tfjs-core';
import { layers } from '@tensorflow/tfjs-layers';

type LayerArgs = NonNullable<ConstructorParameters<typeof layers.Layer>[0]>;
type Shape = Array<number | null>;

export interface BilinearResizeArgs extends LayerArgs {
  /** Output [height, width]. */
  size: [number, number];
  /** TF1 `resize_bilinear(align_corners=True)`: corner pixels map onto corner pixels (PSPNet's `Interp`). */
  alignCorners?: boolean;
  /** TF2 / Pillow-style half-pixel centres; only with alignCorners false. */
  halfPixelCenters?: boolean;
}

/**
 * Bilinear resize of NHWC features to a fixed size: PSPNet-Keras' `Interp` Lambda
 * (`resize_images(..., align_corners=True)`) as a serialisable tfjs-layers layer.
 * tfjs' `resizeBilinear(alignCorners=true)` uses the same (in − 1)/(out − 1) scale as TF.
 */
export class BilinearResize extends layers.Layer {
  static className = 'BilinearResize';
  readonly size: [number, number];
  readonly alignCorners: boolean;
  readonly halfPixelCenters: boolean;

  constructor(args: BilinearResizeArgs) {
    super(args);
    const { size } = args;
    if (!Array.isArray(size) || size.length !== 2 || size.some((s) => !Number.isInteger(s) || s < 1)) {
      throw new Error(`@lip/pspnet: BilinearResize '${this.name}' needs size [height, width] of positive integers, got ${JSON.stringify(size)}`);
    }
    this.size = [size[0], size[1]];
    this.alignCorners = args.alignCorners ?? false;
    this.halfPixelCenters = args.halfPixelCenters ?? false;
    if (this.alignCorners && this.halfPixelCenters) {
      throw new Error(`@lip/pspnet: BilinearResize '${this.name}': alignCorners and halfPixelCenters cannot both be true`);
    }
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    if (shape.length !== 4) throw new Error(`@lip/pspnet: BilinearResize '${this.name}' expects NHWC input, got shape ${JSON.stringify(shape)}`);
    return [shape[0]!, this.size[0], this.size[1], shape[3]!];
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    return tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as Tensor4D | Tensor3D;
      return image.resizeBilinear(x, this.size, this.alignCorners, this.halfPixelCenters);
    });
  }

  override getConfig(): serialization.ConfigDict {
    return { ...super.getConfig(), size: [...this.size], alignCorners: this.alignCorners, halfPixelCenters: this.halfPixelCenters };
  }
}
serialization.registerClass(BilinearResize);

export function bilinearResize(args: BilinearResizeArgs): BilinearResize {
  return new BilinearResize(args);
}
