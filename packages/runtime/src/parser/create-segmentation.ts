import * as tf from '@tensorflow/tfjs-core';
import { assertPixelCount, LIP_CLASS_NAMES, LIP_NUM_CLASSES, toColoredMask, type ImageDataLike, type LabelMap, type LipClassName, type Segmentation, type ToImageDataOptions } from '@lip/schema';

type ImageDataConstructor = new (data: Uint8ClampedArray, width: number, height: number) => ImageDataLike;

/**
 * The `Segmentation` of a label map (a parser's result, after tfjs-models' body-segmentation): `labels` as
 * given, `maskValueToLabel(v)` the LIP class name of a value (a `RangeError` for anything but a class id 0–19),
 * `toImageData(options)` the labels coloured by `toColoredMask` (a real `ImageData` where the global exists,
 * else an object of the same shape), `toTensor()` an int32 tensor [height, width] the caller disposes.
 */
export function createSegmentation(labels: LabelMap): Segmentation<tf.Tensor2D> {
  if (labels == null || labels.data == null) throw new TypeError('createSegmentation: expected a label map {width, height, data}');
  const { width, height, data } = labels;
  assertPixelCount('createSegmentation labels', data.length, width, height, 1);
  return Object.freeze({
    labels,
    maskValueToLabel(value: number): LipClassName {
      if (!(Number.isInteger(value) && value >= 0 && value < LIP_NUM_CLASSES)) {
        throw new RangeError(`maskValueToLabel: ${String(value)} is not a LIP class id (an integer 0–${LIP_NUM_CLASSES - 1})`);
      }
      return LIP_CLASS_NAMES[value]!;
    },
    toImageData(options?: ToImageDataOptions): ImageDataLike {
      const mask = toColoredMask(labels, options);
      const ImageData = (globalThis as { ImageData?: ImageDataConstructor }).ImageData;
      return ImageData != null ? new ImageData(mask.data, width, height) : mask;
    },
    toTensor(): tf.Tensor2D {
      return tf.tensor2d(Int32Array.from(data), [height, width], 'int32');
    },
  });
}
