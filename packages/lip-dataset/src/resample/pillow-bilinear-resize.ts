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

function resizeHorizontal(src: Uint8Array, w: number, h: number, outW: number, ch: number): Uint8Array {
  const { kernelSize, start, count, weights } = bilinearCoefficients(w, outW);
  const out = new Uint8Array(outW * h * ch);
  for (let y = 0; y < h; y++) {
    const rowIn = y * w * ch;
    const rowOut = y * outW * ch;
    for (let xx = 0; xx < outW; xx++) {
      const xmin = start[xx]!;
      const n = count[xx]!;
      const kOff = xx * kernelSize;
      for (let c = 0; c < ch; c++) {
        let ss = HALF;
        for (let x = 0; x < n; x++) ss += src[rowIn + (xmin + x) * ch + c]! * weights[kOff + x]!;
        out[rowOut + xx * ch + c] = clip8(ss);
      }
    }
  }
  return out;
}

function resizeVertical(src: Uint8Array, w: number, h: number, outH: number, ch: number): Uint8Array {
  const { kernelSize, start, count, weights } = bilinearCoefficients(h, outH);
  const rowLen = w * ch;
  const out = new Uint8Array(rowLen * outH);
  for (let yy = 0; yy < outH; yy++) {
    const ymin = start[yy]!;
    const n = count[yy]!;
    const kOff = yy * kernelSize;
    const rowOut = yy * rowLen;
    for (let i = 0; i < rowLen; i++) {
      let ss = HALF;
      for (let y = 0; y < n; y++) ss += src[(ymin + y) * rowLen + i]! * weights[kOff + y]!;
      out[rowOut + i] = clip8(ss);
    }
  }
  return out;
}

/**
 * Resizes an 8-bit image exactly as Pillow's `Image.resize(size, BILINEAR)` (the resampler behind
 * `scipy.misc.imresize(..., interp='bilinear')` that SS-NAN uses): horizontal pass, then vertical
 * pass, 8-bit intermediate, antialiased when shrinking.
 */
export function resizeBilinearPillow(image: RgbImage, outWidth: number, outHeight: number, channels = 3): RgbImage {
  const { width, height, data } = image;
  assertPixelCount('resizeBilinearPillow', data.length, width, height, channels);
  if (!(outWidth >= 1 && outHeight >= 1)) throw new RangeError(`resizeBilinearPillow: invalid output size ${outWidth}x${outHeight}`);
  let buf = data;
  if (outWidth !== width) buf = resizeHorizontal(buf, width, height, outWidth, channels);
  if (outHeight !== height) buf = resizeVertical(buf, outWidth, height, outHeight, channels);
  if (buf === data) buf = new Uint8Array(data);
  return { width: outWidth, height: outHeight, data: buf };
}
