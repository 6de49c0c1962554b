import { zoomSplineOrder2 } from './scipy-zoom-order2.js';

/** Where the image lies in the padded square: `[y1, x1, y2, x2]`, exclusive end (`utils.resize_image`'s window). */
export type SsnanWindow = readonly [number, number, number, number];

/**
 * SS-NAN `unmold_detections` for one image: crops the window out of the padded `mask_prob`
 * ([size, size, classes], row-major) and resizes it to the original image size with
 * `scipy.ndimage.zoom(order=2)` ({@link zoomSplineOrder2}). Returns [originalHeight, originalWidth, classes].
 */
export function unmouldSsnanProbabilities(
  maskProb: Float32Array,
  size: number,
  numClasses: number,
  window: SsnanWindow,
  originalWidth: number,
  originalHeight: number,
): Float32Array {
  const [y1, x1, y2, x2] = window;
  if (maskProb.length !== size * size * numClasses) {
    throw new RangeError(`unmouldSsnanProbabilities: mask_prob has ${maskProb.length} values, expected ${size}x${size}x${numClasses}`);
  }
  if (!(0 <= y1 && y1 < y2 && y2 <= size && 0 <= x1 && x1 < x2 && x2 <= size)) {
    throw new RangeError(`unmouldSsnanProbabilities: window [${window.join(', ')}] does not fit in ${size}x${size}`);
  }
  const h = y2 - y1;
  const w = x2 - x1;
  const crop = new Float32Array(h * w * numClasses);
  for (let y = 0; y < h; y++) {
    const from = ((y1 + y) * size + x1) * numClasses;
    crop.set(maskProb.subarray(from, from + w * numClasses), y * w * numClasses);
  }
  if (h === originalHeight && w === originalWidth) return crop; // zoom by 1 reproduces its input
  return zoomSplineOrder2(crop, h, w, numClasses, originalHeight, originalWidth);
}

/** Per-pixel argmax over the last axis (first maximum wins, like numpy), as class ids. */
export function argmaxClasses(probabilities: Float32Array, numClasses: number): Uint8Array {
  if (numClasses > 256) throw new RangeError(`argmaxClasses: ${numClasses} classes do not fit in 8-bit labels`);
  const pixels = probabilities.length / numClasses;
  if (!Number.isInteger(pixels)) throw new RangeError(`argmaxClasses: ${probabilities.length} values is not a multiple of ${numClasses} classes`);
  const labels = new Uint8Array(pixels);
  for (let p = 0; p < pixels; p++) {
    const base = p * numClasses;
    let best = 0;
    let bestValue = probabilities[base]!;
    for (let c = 1; c < numClasses; c++) {
      const v = probabilities[base + c]!;
      if (v > bestValue) {
        bestValue = v;
        best = c;
      }
    }
    labels[p] = best;
  }
  return labels;
}
