import { SSNAN_EVAL_MAX_DIM, SSNAN_EVAL_MIN_DIM } from './preprocessing.js';

/** Python 3's `round(x)`: to the nearest integer, halves to the even one (SS-NAN computes sizes with it). */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Where an image goes in SS-NAN's square input: `utils.resize_image(min_dim, max_dim, padding=True)`. */
export interface SsnanResizeGeometry {
  readonly scale: number;
  readonly resizedWidth: number;
  readonly resizedHeight: number;
  /** Side of the padded square (= maxDim). */
  readonly size: number;
  /** `[y1, x1, y2, x2]`: where the image lies in the padded square (end exclusive); padding is centred. */
  readonly window: readonly [number, number, number, number];
}

/**
 * SS-NAN `utils.resize_image`: `scale = max(1, minDim / min(h, w))` (0: never upscale), reduced to
 * `maxDim / max(h, w)` when `round(max(h, w) · scale)` exceeds `maxDim`; new size `round(h · scale)` ×
 * `round(w · scale)`; centred padding to `maxDim` × `maxDim`.
 */
export function computeSsnanResize(
  width: number,
  height: number,
  minDim = SSNAN_EVAL_MIN_DIM,
  maxDim = SSNAN_EVAL_MAX_DIM,
): SsnanResizeGeometry {
  for (const [what, v] of [['width', width], ['height', height], ['maxDim', maxDim]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`computeSsnanResize: ${what} must be a positive integer, got ${v}`);
  }
  let scale = minDim > 0 ? Math.max(1, minDim / Math.min(height, width)) : 1;
  const imageMax = Math.max(height, width);
  if (roundHalfEven(imageMax * scale) > maxDim) scale = maxDim / imageMax;
  const resizedHeight = scale !== 1 ? roundHalfEven(height * scale) : height;
  const resizedWidth = scale !== 1 ? roundHalfEven(width * scale) : width;
  const top = (maxDim - resizedHeight) >> 1;
  const left = (maxDim - resizedWidth) >> 1;
  return { scale, resizedWidth, resizedHeight, size: maxDim, window: [top, left, top + resizedHeight, left + resizedWidth] };
}
