import { writeSsnanImageSlot } from './ssnan-image-slot.js';
import { writeSsnanLabelSlot } from './ssnan-label-slot.js';
import { assertPixelCount, type LabelMap, type RgbImage, SSNAN_PAD_LABEL, SeededRandom, roundHalfEven, SSNAN_MEAN_RGB, SSNAN_TRAIN_SCALES, SSNAN_TRAIN_SIZE } from '@lip/schema';

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
 * Draws the random decisions of the SS-NAN training augmentation (`SS-NAN/model.py` `load_image_gt`): scale from the list, then
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

/** Where `applySsnanTrainInto` writes a sample: e.g. slot `i` of a batch, offsets `i·S²·3` and `i·S²`. */
export interface SsnanTrainTarget {
  readonly image: Float32Array;
  readonly imageOffset: number;
  readonly label: Uint8Array;
  readonly labelOffset: number;
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
  const size = options.size ?? SSNAN_TRAIN_SIZE;
  const out = { image: new Float32Array(size * size * 3), imageOffset: 0, label: new Uint8Array(size * size), labelOffset: 0 };
  applySsnanTrainInto(image, label, decisions, out, options);
  return { size, image: out.image, label: out.label, decisions };
}

/**
 * `applySsnanTrain` writing into existing arrays (every value of the sample's `size²` slot is
 * written). One fused pass per axis: only the cropped region is resampled, the flip is folded into
 * the column order, and the vertical pass writes float32 minus the mean into the slot.
 */
export function applySsnanTrainInto(
  image: RgbImage,
  label: LabelMap,
  decisions: SsnanTrainDecisions,
  target: SsnanTrainTarget,
  options: SsnanTrainOptions = {},
): void {
  if (image.width !== label.width || image.height !== label.height) {
    throw new RangeError(`applySsnanTrain: image is ${image.width}x${image.height} but label is ${label.width}x${label.height}`);
  }
  assertPixelCount('applySsnanTrain image', image.data.length, image.width, image.height, 3);
  assertPixelCount('applySsnanTrain label', label.data.length, label.width, label.height, 1);
  const size = options.size ?? SSNAN_TRAIN_SIZE;
  const mean = options.meanPixel ?? SSNAN_MEAN_RGB;
  const padLabel = options.padLabel ?? SSNAN_PAD_LABEL;
  const { scaledWidth: sw, scaledHeight: sh, cropX, cropY, padLeft, padTop, flip } = decisions;
  const copyW = Math.min(sw, size);
  const copyH = Math.min(sh, size);
  if (cropX < 0 || cropY < 0 || cropX + copyW > sw || cropY + copyH > sh || padLeft + copyW > size || padTop + copyH > size) {
    throw new RangeError(`applySsnanTrain: decisions do not fit a ${size}x${size} output of a ${sw}x${sh} scaled image`);
  }
  const { image: out, imageOffset, label: outLabel, labelOffset } = target;
  if (imageOffset + size * size * 3 > out.length || labelOffset + size * size > outLabel.length) {
    throw new RangeError(`applySsnanTrainInto: target arrays too short for a ${size}x${size} sample at the given offsets`);
  }
  // Flipping the padded canvas moves a centred region to `size - padLeft - copyW`.
  const dstX = flip ? size - padLeft - copyW : padLeft;
  // Only the cropped region of the scaled image is computed (identical to resizing, then cropping).
  const placement = { scaledWidth: sw, scaledHeight: sh, cropX, cropY, copyW, copyH, dstX, dstY: padTop, flip, size };
  writeSsnanImageSlot(image, { ...placement, mean }, out, imageOffset);
  writeSsnanLabelSlot(label, { ...placement, padLabel }, outLabel, labelOffset);
}

/** The SS-NAN training augmentation of one sample, deterministic from `seed`. */
export function augmentSsnanTrain(image: RgbImage, label: LabelMap, seed: number, options: SsnanTrainOptions = {}): SsnanTrainSample {
  const decisions = decideSsnanTrain(image.width, image.height, new SeededRandom(seed), options);
  return applySsnanTrain(image, label, decisions, options);
}
