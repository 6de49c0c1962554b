import { assertPixelCount, type LabelMap } from '@lip/schema';

/**
 * Input indices of `scipy.ndimage.zoom(order=0)` along one axis for output indices `first …
 * first + count - 1` (in reverse order with `reverse`): output i samples input
 * `floor(i * (in - 1) / (out - 1) + 0.5)` (corner-aligned grid).
 */
export function zoomNearestSourceIndices(inSize: number, outSize: number, first = 0, count = outSize, reverse = false): Int32Array {
  const idx = new Int32Array(count);
  const step = outSize > 1 ? (inSize - 1) / (outSize - 1) : 0;
  for (let i = 0; i < count; i++) idx[reverse ? count - 1 - i : i] = Math.min(inSize - 1, Math.floor((first + i) * step + 0.5));
  return idx;
}

/**
 * Resizes a label map like `scipy.ndimage.zoom(label, z, order=0)` with the output size given:
 * output pixel i samples input `floor(i * (in - 1) / (out - 1) + 0.5)` (corner-aligned grid).
 * With `region`, only that rectangle of the output is computed.
 */
export function resizeLabelScipyZoomNearest(
  label: LabelMap,
  outWidth: number,
  outHeight: number,
  region: { x: number; y: number; width: number; height: number } = { x: 0, y: 0, width: outWidth, height: outHeight },
): LabelMap {
  const { width, height, data } = label;
  assertPixelCount('resizeLabelScipyZoomNearest', data.length, width, height, 1);
  const xs = zoomNearestSourceIndices(width, outWidth, region.x, region.width);
  const ys = zoomNearestSourceIndices(height, outHeight, region.y, region.height);
  const out = new Uint8Array(region.width * region.height);
  for (let y = 0; y < region.height; y++) {
    const rowIn = ys[y]! * width;
    const rowOut = y * region.width;
    for (let x = 0; x < region.width; x++) out[rowOut + x] = data[rowIn + xs[x]!]!;
  }
  return { width: region.width, height: region.height, data: out };
}
