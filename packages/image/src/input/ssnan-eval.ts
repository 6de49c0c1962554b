import { computeSsnanResize, SSNAN_EVAL_MAX_DIM, SSNAN_EVAL_MIN_DIM, SSNAN_MEAN_RGB, SSNAN_PAD_LABEL, type LabelMap, type RgbImage, type SsnanResizeGeometry } from '@lip/schema';
import { resizeBilinearPillow } from '../resample/pillow-bilinear-resize.js';
import { resizeLabelScipyZoomNearest } from '../resample/scipy-zoom-nearest.js';
import { writeMeanSubtracted } from './write-mean-subtracted.js';

export interface SsnanEvalOptions {
  /** Upscale so the short side reaches this. Default 120 (evaluation); the validation generator uses 128. */
  readonly minDim?: number;
  /** Cap on the long side, and side of the padded square. Default 640 (evaluation); training validation uses 320. */
  readonly maxDim?: number;
  readonly meanPixel?: readonly number[];
  readonly padLabel?: number;
}

export interface SsnanEvalSample {
  readonly size: number;
  /** `[size, size, 3]` float32 RGB minus mean. */
  readonly image: Float32Array;
  /** `[size, size]` labels (pad 240), when a label was given. */
  readonly label: Uint8Array | null;
  readonly geometry: SsnanResizeGeometry;
  readonly originalWidth: number;
  readonly originalHeight: number;
}

/**
 * SS-NAN evaluation / validation input (`SS-NAN/utils.py` `resize_image`, as `LIP.py evaluate` calls it): resize with min/max dim (Pillow bilinear; labels
 * `zoom(order=0)`), centred padding, mean subtraction, plus the window to crop predictions with
 * before resizing them back to `originalWidth × originalHeight`.
 */
export function prepareSsnanEval(image: RgbImage, label: LabelMap | null, options: SsnanEvalOptions = {}): SsnanEvalSample {
  const minDim = options.minDim ?? SSNAN_EVAL_MIN_DIM;
  const maxDim = options.maxDim ?? SSNAN_EVAL_MAX_DIM;
  const mean = options.meanPixel ?? SSNAN_MEAN_RGB;
  if (label && (label.width !== image.width || label.height !== image.height)) {
    throw new RangeError(`prepareSsnanEval: image is ${image.width}x${image.height} but label is ${label.width}x${label.height}`);
  }
  const geometry = computeSsnanResize(image.width, image.height, minDim, maxDim);
  const { resizedWidth: rw, resizedHeight: rh, window } = geometry;
  if (rw > maxDim || rh > maxDim) throw new RangeError(`prepareSsnanEval: resized ${rw}x${rh} exceeds ${maxDim}`);
  const resized = geometry.scale !== 1 ? resizeBilinearPillow(image, rw, rh) : image;
  const out = new Float32Array(maxDim * maxDim * 3);
  for (let i = 0; i < maxDim * maxDim; i++) {
    out[i * 3] = -mean[0]!;
    out[i * 3 + 1] = -mean[1]!;
    out[i * 3 + 2] = -mean[2]!;
  }
  writeMeanSubtracted(resized.data, rw, 0, 0, rw, rh, out, maxDim, window[1], window[0], mean, false, false);
  let outLabel: Uint8Array | null = null;
  if (label) {
    const rl = geometry.scale !== 1 ? resizeLabelScipyZoomNearest(label, rw, rh) : label;
    outLabel = new Uint8Array(maxDim * maxDim).fill(options.padLabel ?? SSNAN_PAD_LABEL);
    for (let y = 0; y < rh; y++) outLabel.set(rl.data.subarray(y * rw, y * rw + rw), (window[0] + y) * maxDim + window[1]);
  }
  return { size: maxDim, image: out, label: outLabel, geometry, originalWidth: image.width, originalHeight: image.height };
}
