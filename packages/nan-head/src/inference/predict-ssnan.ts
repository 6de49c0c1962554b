import type { Ssnan } from '../model/ssnan.js';
import { argmaxClasses } from './unmould-ssnan-probabilities.js';
import { ssnanEvalProbabilities } from './ssnan-eval-probabilities.js';
import type { LabelMap, RgbImage, SsnanResizeGeometry } from '@lip/schema';

export interface PredictSsnanOptions {
  /** `resize_image` min_dim: upscale until the short side reaches it. Default 120 (`LIP.py evaluate`). */
  readonly minDim?: number;
  /** `resize_image` max_dim: cap on the long side and side of the padded square. Default 640. */
  readonly maxDim?: number;
  /** Also return the un-moulded probabilities [height, width, classes]. Default false. */
  readonly returnProbabilities?: boolean;
}

export interface SsnanPrediction {
  /** Class ids at the original resolution. */
  readonly labels: LabelMap;
  /** [height, width, classes] probabilities at the original resolution, when asked for. */
  readonly probabilities: Float32Array | null;
  /** How the image was resized and padded for the network. */
  readonly geometry: SsnanResizeGeometry;
}

/**
 * SS-NAN inference for one RGB image, exactly as `LIP.py evaluate` / `model.detect` (llltttppp/SS-NAN):
 * `resize_image(min 120, max 640, padding)` with the RGB mean subtracted (@lip/image's `prepareSsnanEval`),
 * the network's `mask_prob`, the padding window cropped out, `scipy.ndimage.zoom(order=2)` back to the original
 * size, then argmax. No flips and no extra scales beyond the built-in 0.5 / 0.75 / 1.0.
 */
export async function predictSsnan(ssnan: Ssnan, image: RgbImage, options: PredictSsnanOptions = {}): Promise<SsnanPrediction> {
  const { width, height, data } = image ?? {};
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || !(data instanceof Uint8Array)) {
    throw new TypeError(`predictSsnan: image must be {width, height, data: Uint8Array} (RGB, row-major), got ${JSON.stringify({ width, height, data: data?.constructor?.name })}`);
  }
  if (data.length !== width * height * 3) {
    throw new RangeError(`predictSsnan: image data has ${data.length} values, expected ${width}x${height}x3 = ${width * height * 3} (RGB)`);
  }
  const { probabilities, geometry } = await ssnanEvalProbabilities(ssnan, image, options);
  const numClasses = ssnan.config.numClasses;
  return {
    labels: { width: image.width, height: image.height, data: argmaxClasses(probabilities, numClasses) },
    probabilities: options.returnProbabilities ? probabilities : null,
    geometry,
  };
}
