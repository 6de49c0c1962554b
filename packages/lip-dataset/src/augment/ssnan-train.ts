import type { LabelMap, RgbImage } from '../schema/image-types.js';
import { SSNAN_PAD_LABEL } from '../schema/lip-classes.js';
import { PARSING_FLIP_LOOKUP } from '../schema/parsing-flip.js';
import { SeededRandom } from '../random/seeded-random.js';
import { resizeBilinearPillow } from '../resample/pillow-bilinear-resize.js';
import { resizeLabelScipyZoomNearest } from '../resample/scipy-zoom-nearest.js';
import { roundHalfEven } from '../resample/round-half-even.js';
import { SSNAN_MEAN_PIXEL_RGB, SSNAN_TRAIN_SCALES, SSNAN_TRAIN_SIZE } from './ssnan-constants.js';
import { writeMeanSubtracted } from './write-mean-subtracted.js';

export interface SsnanTrainOptions {
  /** Output side. Default 320. */
  readonly size?: number;
  /** Scales drawn uniformly. Default [0.6, 0.8, 1.0, 1.2, 1.4]. */
  readonly scales?: readonly number[];
  /** Probability of a horizontal flip. Default 0.5. */
  readonly flipProbability?: number;
  /** RGB mean subtracted. Default SS-NAN `MEAN_PIXEL`. */
  readonly meanPixel?: readonly number[];
  /** Label value of padded pixels. Default 240. */
  readonly padLabel?: number;
}

/** The random decisions of one SS-NAN training sample (exposed so they can be checked or replayed). */
export interface SsnanTrainDecisions {
  readonly scale: number;
  /** Size after scaling: `round(h * s)`, `round(w * s)` (Python rounding). */
  readonly scaledWidth: number;
  readonly scaledHeight: number;
  /** Crop offsets in the scaled image (0 on an axis that is padded). */
  readonly cropX: number;
  readonly cropY: number;
  /** Where the scaled image lands in the output on an axis that is padded (centred), else 0. */
  readonly padLeft: number;
  readonly padTop: number;
  readonly flip: boolean;
}

export interface SsnanTrainSample {
  readonly size: number;
  /** `[size, size, 3]` float32, RGB minus the mean; padding is `-mean`. */
  readonly image: Float32Array;
  /** `[size, size]` class ids, padding `padLabel`. */
  readonly label: Uint8Array;
  readonly decisions: SsnanTrainDecisions;
}

/**
 * Draws the random decisions of the SS-NAN training augmentation (§2.9): scale from the list, then
 * per axis either a centred pad (smaller than `size`) or a crop offset `randint(0, excess)` (upper
 * bound exclusive, as numpy), then the flip.
 */
export function decideSsnanTrain(width: number, height: number, random: SeededRandom, options: SsnanTrainOptions = {}): SsnanTrainDecisions {
  const size = options.size ?? SSNAN_TRAIN_SIZE;
  const scales = options.scales ?? SSNAN_TRAIN_SCALES;
  const scale = random.pick(scales);
  const scaledWidth = Math.max(1, roundHalfEven(width * scale));
  const scaledHeight = Math.max(1, roundHalfEven(height * scale));
  const cropY = scaledHeight > size ? random.int(scaledHeight - size) : 0;
  const cropX = scaledWidth > size ? random.int(scaledWidth - size) : 0;
  const padTop = scaledHeight < size ? (size - scaledHeight) >> 1 : 0;
  const padLeft = scaledWidth < size ? (size - scaledWidth) >> 1 : 0;
  const flip = random.chance(options.flipProbability ?? 0.5);
  return { scale, scaledWidth, scaledHeight, cropX, cropY, padLeft, padTop, flip };
}

/**
 * Applies given SS-NAN training decisions: image resized as `scipy.misc.imresize` (Pillow bilinear),
 * label as `scipy.ndimage.zoom(order=0)`, centred pad (image 0, label 240) or crop to `size`,
 * horizontal flip with 14↔15, 16↔17, 18↔19 swapped, RGB mean subtracted.
 */
export function applySsnanTrain(
  image: RgbImage,
  label: LabelMap,
  decisions: SsnanTrainDecisions,
  options: SsnanTrainOptions = {},
): SsnanTrainSample {
  if (image.width !== label.width || image.height !== label.height) {
    throw new RangeError(`applySsnanTrain: image is ${image.width}x${image.height} but label is ${label.width}x${label.height}`);
  }
  const size = options.size ?? SSNAN_TRAIN_SIZE;
  const mean = options.meanPixel ?? SSNAN_MEAN_PIXEL_RGB;
  const padLabel = options.padLabel ?? SSNAN_PAD_LABEL;
  const { scaledWidth: sw, scaledHeight: sh, cropX, cropY, padLeft, padTop, flip } = decisions;
  const copyW = Math.min(sw, size);
  const copyH = Math.min(sh, size);
  // Only the cropped part of the scaled image is computed (identical to resizing, then cropping).
  const region = { x: cropX, y: cropY, width: copyW, height: copyH };
  const scaled = resizeBilinearPillow(image, sw, sh, 3, region);
  const scaledLabel = resizeLabelScipyZoomNearest(label, sw, sh, region);

  const out = new Float32Array(size * size * 3);
  if (copyW < size || copyH < size) {
    const m0 = -mean[0]!;
    const m1 = -mean[1]!;
    const m2 = -mean[2]!;
    for (let i = 0; i < size * size * 3; i += 3) {
      out[i] = m0;
      out[i + 1] = m1;
      out[i + 2] = m2;
    }
  }
  const outLabel = new Uint8Array(size * size).fill(padLabel);
  // Flipping the padded canvas moves a centred region to `size - padLeft - copyW`.
  const dstX = flip ? size - padLeft - copyW : padLeft;
  writeMeanSubtracted(scaled.data, copyW, 0, 0, copyW, copyH, out, size, dstX, padTop, mean, flip, false);
  for (let y = 0; y < copyH; y++) {
    const si = y * copyW;
    const di = (padTop + y) * size + dstX;
    if (flip) {
      for (let x = 0; x < copyW; x++) outLabel[di + copyW - 1 - x] = PARSING_FLIP_LOOKUP[scaledLabel.data[si + x]!]!;
    } else {
      outLabel.set(scaledLabel.data.subarray(si, si + copyW), di);
    }
  }
  return { size, image: out, label: outLabel, decisions };
}

/** The SS-NAN training augmentation of one sample, deterministic from `seed`. */
export function augmentSsnanTrain(image: RgbImage, label: LabelMap, seed: number, options: SsnanTrainOptions = {}): SsnanTrainSample {
  const decisions = decideSsnanTrain(image.width, image.height, new SeededRandom(seed), options);
  return applySsnanTrain(image, label, decisions, options);
}
