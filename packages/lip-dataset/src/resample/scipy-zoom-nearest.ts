import { assertPixelCount, type LabelMap } from '../schema/image-types.js';

function sourceIndex(outSize: number, inSize: number): Int32Array {
  const idx = new Int32Array(outSize);
  const step = outSize > 1 ? (inSize - 1) / (outSize - 1) : 0;
  for (let i = 0; i < outSize; i++) idx[i] = Math.min(inSize - 1, Math.floor(i * step + 0.5));
  return idx;
}

/**
 * Resizes a label map like `scipy.ndimage.zoom(label, z, order=0)` with the output size given:
 * output pixel i samples input `floor(i * (in - 1) / (out - 1) + 0.5)` (corner-aligned grid).
 */
export function resizeLabelScipyZoomNearest(label: LabelMap, outWidth: number, outHeight: number): LabelMap {
  const { width, height, data } = label;
  assertPixelCount('resizeLabelScipyZoomNearest', data.length, width, height, 1);
  const xs = sourceIndex(outWidth, width);
  const ys = sourceIndex(outHeight, height);
  const out = new Uint8Array(outWidth * outHeight);
  for (let y = 0; y < outHeight; y++) {
    const rowIn = ys[y]! * width;
    const rowOut = y * outWidth;
    for (let x = 0; x < outWidth; x++) out[rowOut + x] = data[rowIn + xs[x]!]!;
  }
  return { width: outWidth, height: outHeight, data: out };
}
