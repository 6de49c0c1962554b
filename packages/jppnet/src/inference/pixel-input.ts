import * as tf from '@tensorflow/tfjs-core';
import { JPPNET_MEAN_BGR } from '@lip/schema';

/** An RGB image as `@lip/schema`'s `RgbImage`: row-major, interleaved, 3 bytes per pixel. */
export interface RgbPixels {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array | Uint8ClampedArray;
}

/**
 * What `parse` / `infer` accept: an RGB tensor [H, W, 3] with values 0..255 (int32 or float32), an
 * `RgbImage` of `@lip/schema` (3 bytes per pixel) or an `ImageData`-like object (RGBA, 4 bytes per
 * pixel; alpha ignored).
 */
export type PixelInput = tf.Tensor3D | RgbPixels;

/** The image as a float32 RGB tensor [H, W, 3] (a new tensor). */
export function toRgbTensor(image: PixelInput, what = 'image'): tf.Tensor3D {
  if (image instanceof tf.Tensor) {
    if (image.rank !== 3 || image.shape[2] !== 3) throw new Error(`@lip/jppnet: ${what} must be an RGB tensor [height, width, 3], got shape [${image.shape}]`);
    return tf.cast(image, 'float32');
  }
  const { width, height, data } = (image ?? {}) as RgbPixels;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0) || data == null || typeof data.length !== 'number') {
    throw new Error(`@lip/jppnet: ${what} must be a tensor [height, width, 3] or {width, height, data} with RGB or RGBA bytes`);
  }
  const pixels = width * height;
  if (data.length === pixels * 3) return tf.tensor3d(Float32Array.from(data), [height, width, 3]);
  if (data.length === pixels * 4) {
    return tf.tidy(() => tf.slice(tf.tensor3d(Float32Array.from(data), [height, width, 4]), [0, 0, 0], [height, width, 3]));
  }
  throw new Error(`@lip/jppnet: ${what} is ${width}×${height} but has ${data.length} bytes; expected ${pixels * 3} (RGB) or ${pixels * 4} (RGBA)`);
}

/** JPPNet's input normalisation: RGB → BGR, minus `IMG_MEAN` (BGR 104.0, 116.7, 122.7); no scaling. */
export function toBgrMinusMean(rgb: tf.Tensor3D | tf.Tensor4D, meanBgr: readonly number[] = JPPNET_MEAN_BGR): tf.Tensor {
  return tf.tidy(() => tf.sub(tf.reverse(tf.cast(rgb, 'float32'), -1), tf.tensor1d([...meanBgr])));
}
