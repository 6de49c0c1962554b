import { assertPixelCount, type RgbImage } from '@lip/schema';
import { pillowBilinearTaps, tapsInputRange, type ResampleTaps } from './pillow-bilinear-taps.js';
import { horizontalPassGeneral, horizontalPassRgb, verticalPassBytes } from './pillow-resample-passes.js';
import { scratchBytes } from './scratch-bytes.js';

/** A rectangle of the output to compute (the rest of the resized image is never needed). */
export interface OutputRegion {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Resizes an 8-bit image exactly as Pillow's `Image.resize(size, BILINEAR)` (the resampler behind
 * `scipy.misc.imresize(..., interp='bilinear')` that SS-NAN uses): horizontal pass, then vertical
 * pass, 8-bit intermediate, antialiased when shrinking. With `region`, only that rectangle of the
 * resized image is computed (same values as cropping the full result).
 */
export function resizeBilinearPillow(image: RgbImage, outWidth: number, outHeight: number, channels = 3, region?: OutputRegion): RgbImage {
  const { width, height, data } = image;
  assertPixelCount('resizeBilinearPillow', data.length, width, height, channels);
  if (!(outWidth >= 1 && outHeight >= 1)) throw new RangeError(`resizeBilinearPillow: invalid output size ${outWidth}x${outHeight}`);
  const r = region ?? { x: 0, y: 0, width: outWidth, height: outHeight };
  if (r.x < 0 || r.y < 0 || r.x + r.width > outWidth || r.y + r.height > outHeight) {
    throw new RangeError(`resizeBilinearPillow: region ${r.width}x${r.height}+${r.x}+${r.y} outside ${outWidth}x${outHeight}`);
  }
  const pass = horizontalPillowPass(image, outWidth, outHeight, channels, r, false);
  const out = new Uint8Array(r.width * r.height * channels);
  verticalPassBytes(pass.rows, r.width * channels, pass.rowFirst, pass.vertical, out, 0, r.width * channels);
  return { width: r.width, height: r.height, data: out };
}

/** The result of the first (horizontal) pass of a region resize, ready for the vertical pass. */
export interface HorizontalPillowPass {
  /** The 8-bit rows of the region's columns (a scratch buffer: use it before the next resize). */
  readonly rows: Uint8ClampedArray;
  /** Input row of `rows[0]`. */
  readonly rowFirst: number;
  /** Taps of the vertical pass for the region's output rows. */
  readonly vertical: ResampleTaps;
}

/**
 * Runs the horizontal pass of a Pillow bilinear resize for an output region: only the input rows
 * the region's vertical taps read, only the region's columns (in mirrored order with `mirror`:
 * the columns of a horizontally flipped output, the vertical pass being column-independent).
 */
export function horizontalPillowPass(
  image: RgbImage,
  outWidth: number,
  outHeight: number,
  channels: number,
  region: OutputRegion,
  mirror: boolean,
): HorizontalPillowPass {
  const { width, height, data } = image;
  const vertical = pillowBilinearTaps(height, outHeight, region.y, region.height);
  const horizontal = pillowBilinearTaps(width, outWidth, region.x, region.width, mirror);
  const { first, end } = tapsInputRange(vertical);
  const rows = scratchBytes((end - first) * region.width * channels);
  if (channels === 3) horizontalPassRgb(data, width, first, end, horizontal, rows);
  else horizontalPassGeneral(data, width, channels, first, end, horizontal, rows);
  return { rows, rowFirst: first, vertical };
}
