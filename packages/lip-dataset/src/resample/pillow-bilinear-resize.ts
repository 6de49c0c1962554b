import { assertPixelCount, type RgbImage } from '../schema/image-types.js';

const PRECISION_BITS = 32 - 8 - 2;
const ONE = 1 << PRECISION_BITS;
const HALF = 1 << (PRECISION_BITS - 1);

interface AxisCoefficients {
  readonly kernelSize: number;
  readonly start: Int32Array;
  readonly count: Int32Array;
  readonly weights: Int32Array;
}

/**
 * Fixed-point filter coefficients of Pillow's convolution resampler with the bilinear (triangle)
 * filter: the support grows with the downscale factor (antialiasing), weights are normalised per
 * output pixel, then quantised to 22-bit fixed point.
 */
function bilinearCoefficients(inSize: number, outSize: number): AxisCoefficients {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = filterScale; // triangle filter support 1.0, widened by the downscale factor
  const kernelSize = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Int32Array(outSize * kernelSize);
  const k = new Float64Array(kernelSize);
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const ss = 1 / filterScale;
    let xmin = Math.trunc(center - support + 0.5);
    if (xmin < 0) xmin = 0;
    let xmax = Math.trunc(center + support + 0.5);
    if (xmax > inSize) xmax = inSize;
    xmax -= xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      let t = (x + xmin - center + 0.5) * ss;
      if (t < 0) t = -t;
      const w = t < 1 ? 1 - t : 0;
      k[x] = w;
      ww += w;
    }
    for (let x = 0; x < xmax; x++) {
      const w = ww !== 0 ? k[x]! / ww : k[x]!;
      weights[xx * kernelSize + x] = w < 0 ? Math.trunc(-0.5 + w * ONE) : Math.trunc(0.5 + w * ONE);
    }
    start[xx] = xmin;
    count[xx] = xmax;
  }
  return { kernelSize, start, count, weights };
}

function clip8(v: number): number {
  const s = v >> PRECISION_BITS;
  return s < 0 ? 0 : s > 255 ? 255 : s;
}

/** A rectangle of the output to compute (the rest of the resized image is never needed). */
export interface OutputRegion {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Horizontal pass over input rows [rowStart, rowEnd), output columns [x0, x0 + outW). */
function resizeHorizontal(
  src: Uint8Array,
  w: number,
  rowStart: number,
  rowEnd: number,
  coeffs: AxisCoefficients,
  x0: number,
  outW: number,
  ch: number,
): Uint8Array {
  const { kernelSize, start, count, weights } = coeffs;
  const rows = rowEnd - rowStart;
  const out = new Uint8Array(outW * rows * ch);
  for (let r = 0; r < rows; r++) {
    const rowIn = (rowStart + r) * w * ch;
    const rowOut = r * outW * ch;
    for (let i = 0; i < outW; i++) {
      const xx = x0 + i;
      const xmin = start[xx]!;
      const n = count[xx]!;
      const kOff = xx * kernelSize;
      if (ch === 3) {
        let s0 = HALF;
        let s1 = HALF;
        let s2 = HALF;
        let p = rowIn + xmin * 3;
        for (let x = 0; x < n; x++, p += 3) {
          const k = weights[kOff + x]!;
          s0 += src[p]! * k;
          s1 += src[p + 1]! * k;
          s2 += src[p + 2]! * k;
        }
        const o = rowOut + i * 3;
        out[o] = clip8(s0);
        out[o + 1] = clip8(s1);
        out[o + 2] = clip8(s2);
      } else {
        for (let c = 0; c < ch; c++) {
          let ss = HALF;
          for (let x = 0; x < n; x++) ss += src[rowIn + (xmin + x) * ch + c]! * weights[kOff + x]!;
          out[rowOut + i * ch + c] = clip8(ss);
        }
      }
    }
  }
  return out;
}

/** Vertical pass; `src` holds input rows starting at `rowStart`, `rowLen` values each. */
function resizeVertical(src: Uint8Array, rowLen: number, rowStart: number, coeffs: AxisCoefficients, y0: number, outH: number): Uint8Array {
  const { kernelSize, start, count, weights } = coeffs;
  const out = new Uint8Array(rowLen * outH);
  const acc = new Int32Array(rowLen);
  for (let j = 0; j < outH; j++) {
    const yy = y0 + j;
    const ymin = start[yy]! - rowStart;
    const n = count[yy]!;
    const kOff = yy * kernelSize;
    acc.fill(HALF);
    for (let y = 0; y < n; y++) {
      const k = weights[kOff + y]!;
      const base = (ymin + y) * rowLen;
      for (let i = 0; i < rowLen; i++) acc[i] = acc[i]! + src[base + i]! * k;
    }
    const rowOut = j * rowLen;
    for (let i = 0; i < rowLen; i++) out[rowOut + i] = clip8(acc[i]!);
  }
  return out;
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
  const needH = outWidth !== width;
  const needV = outHeight !== height;
  const vc = needV ? bilinearCoefficients(height, outHeight) : null;
  // Input rows the vertical pass will read.
  let rowStart = r.y;
  let rowEnd = r.y + r.height;
  if (vc) {
    rowStart = height;
    rowEnd = 0;
    for (let j = r.y; j < r.y + r.height; j++) {
      rowStart = Math.min(rowStart, vc.start[j]!);
      rowEnd = Math.max(rowEnd, vc.start[j]! + vc.count[j]!);
    }
  }
  let buf: Uint8Array;
  if (needH) {
    buf = resizeHorizontal(data, width, rowStart, rowEnd, bilinearCoefficients(width, outWidth), r.x, r.width, channels);
  } else {
    buf = new Uint8Array(r.width * (rowEnd - rowStart) * channels);
    for (let y = rowStart; y < rowEnd; y++) {
      buf.set(data.subarray((y * width + r.x) * channels, (y * width + r.x + r.width) * channels), (y - rowStart) * r.width * channels);
    }
  }
  if (vc) buf = resizeVertical(buf, r.width * channels, rowStart, vc, r.y, r.height);
  return { width: r.width, height: r.height, data: buf };
}
