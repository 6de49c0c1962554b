import * as tf from '@tensorflow/tfjs-core';
import { prepareSsnanEval } from '@lip/image';
import type { RgbImage, SsnanResizeGeometry } from '@lip/schema';
import type { Ssnan } from '../model/ssnan.js';
import { unmouldSsnanProbabilities } from './unmould-ssnan-probabilities.js';

export interface SsnanEvalProbabilitiesOptions {
  /** `resize_image` min_dim; default 120 (`LIP.py evaluate`). */
  readonly minDim?: number;
  /** `resize_image` max_dim (the side of the padded square); default 640. */
  readonly maxDim?: number;
}

/**
 * The un-moulded `mask_prob` of one RGB image, as `LIP.py evaluate` / `model.detect` (llltttppp/SS-NAN) compute it:
 * `resize_image(min_dim, max_dim, padding)` with the RGB mean subtracted (`prepareSsnanEval`, Pillow-exact on the
 * bytes), the network's `mask_prob` (built-in scales 0.5 / 0.75 / 1 aggregated by attention), the padding window
 * cropped out and `scipy.ndimage.zoom(order=2)` back to the image size. Returns [height, width, classes]
 * probabilities and the resize geometry; no tensor is left allocated. `predictSsnan` and the SS-NAN parser share it.
 */
export async function ssnanEvalProbabilities(
  ssnan: Ssnan,
  image: RgbImage,
  options: SsnanEvalProbabilitiesOptions = {},
): Promise<{ probabilities: Float32Array; geometry: SsnanResizeGeometry }> {
  const sample = prepareSsnanEval(image, null, {
    ...(options.minDim === undefined ? {} : { minDim: options.minDim }),
    ...(options.maxDim === undefined ? {} : { maxDim: options.maxDim }),
  });
  const { size, geometry } = sample;
  const input = tf.tensor4d(sample.image, [1, size, size, 3]);
  let maskProb: Float32Array;
  try {
    const prob = ssnan.predictProbabilities(input);
    try {
      maskProb = (await prob.data()) as Float32Array;
    } finally {
      prob.dispose();
    }
  } finally {
    input.dispose();
  }
  const probabilities = unmouldSsnanProbabilities(maskProb, size, ssnan.config.numClasses, geometry.window, image.width, image.height);
  return { probabilities, geometry };
}
