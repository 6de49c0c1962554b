import { assertPixelCount, type LabelMap, type RgbImage } from '@lip/schema';
import { colorizeLabelMap } from './colorize-label-map.js';

export interface BlendOverlayOptions {
  /** Weight of the colourized labels, 0–1. Default 0.5. */
  readonly alpha?: number;
  /** Leave background (label 0) pixels untouched. Default true. */
  readonly skipBackground?: boolean;
}

/**
 * Blends a colourized label map over an image:
 * `out = round((1 - alpha) * image + alpha * colour)` per channel.
 */
export function blendOverlay(image: RgbImage, label: LabelMap, options: BlendOverlayOptions = {}): RgbImage {
  const { width, height } = image;
  assertPixelCount('blendOverlay image', image.data.length, width, height, 3);
  if (label.width !== width || label.height !== height) {
    throw new RangeError(`blendOverlay: image is ${width}x${height} but label is ${label.width}x${label.height}`);
  }
  const alpha = options.alpha ?? 0.5;
  if (!(alpha >= 0 && alpha <= 1)) throw new RangeError(`blendOverlay: alpha must be in [0, 1], got ${alpha}`);
  const skipBackground = options.skipBackground ?? true;
  const colour = colorizeLabelMap(label).data;
  const out = new Uint8Array(image.data.length);
  for (let i = 0; i < label.data.length; i++) {
    const o = i * 3;
    const a = skipBackground && label.data[i] === 0 ? 0 : alpha;
    for (let c = 0; c < 3; c++) {
      out[o + c] = Math.round((1 - a) * image.data[o + c]! + a * colour[o + c]!);
    }
  }
  return { width, height, data: out };
}
