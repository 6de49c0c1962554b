import type { ToImageDataOptions } from './human-parser.js';
import { assertPixelCount, type ImageDataLike, type LabelMap } from './label-map.js';
import { LIP_PALETTE } from './lip-classes.js';

function checkAlpha(value: number, what: string): number {
  if (!(typeof value === 'number' && value >= 0 && value <= 1)) throw new RangeError(`toColoredMask: ${what} must be a number in [0, 1], got ${String(value)}`);
  return Math.round(value * 255);
}

/**
 * A label map coloured by class, RGBA (what `Segmentation.toImageData` returns and what a canvas draws over the
 * image): class `c` gets `palette[c]` (default `LIP_PALETTE`) with alpha `opacity` (default 1), the background
 * (class 0) alpha `backgroundOpacity` (default 0: transparent). Values beyond the palette (the ignore label 255,
 * SS-NAN's pad 240) are transparent black.
 */
export function toColoredMask(labels: LabelMap, options: ToImageDataOptions = {}): ImageDataLike {
  const { width, height, data } = labels ?? ({} as LabelMap);
  if (data == null) throw new TypeError('toColoredMask: expected a label map {width, height, data}');
  assertPixelCount('toColoredMask labels', data.length, width, height, 1);
  const palette = options.palette ?? LIP_PALETTE;
  if (!Array.isArray(palette) || palette.length === 0) throw new RangeError('toColoredMask: palette must be a non-empty list of [r, g, b] colours');
  const alpha = checkAlpha(options.opacity ?? 1, 'opacity');
  const backgroundAlpha = checkAlpha(options.backgroundOpacity ?? 0, 'backgroundOpacity');
  // One RGBA entry per byte value: palette colours with their alpha, everything else transparent.
  const table = new Uint8Array(256 * 4);
  palette.forEach((rgb, id) => {
    if (id > 255) return;
    table.set(rgb, id * 4);
    table[id * 4 + 3] = id === 0 ? backgroundAlpha : alpha;
  });
  const out = new Uint8ClampedArray(data.length * 4);
  for (let i = 0; i < data.length; i++) {
    const t = data[i]! * 4;
    const o = i * 4;
    out[o] = table[t]!;
    out[o + 1] = table[t + 1]!;
    out[o + 2] = table[t + 2]!;
    out[o + 3] = table[t + 3]!;
  }
  return { width, height, data: out };
}
