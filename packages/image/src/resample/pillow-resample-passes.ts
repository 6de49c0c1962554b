import { PILLOW_HALF, PILLOW_PRECISION_BITS, type ResampleTaps } from './pillow-bilinear-taps.js';

// The two separable passes of Pillow's 8-bit convolution resampler, as fixed-length integer loops
// over typed arrays. Sums stay below 2^31 (weights are non-negative and sum to ~2^22, values are
// at most 255), so every product and sum is an exact int32. The 8-bit intermediate between the
// passes is a Uint8ClampedArray: storing a sum shifted right clamps it exactly as Pillow's clip8.
// Loops are unrolled for 1–4 taps (every SS-NAN scale); other tap counts take the general loop.

const P = PILLOW_PRECISION_BITS;

/**
 * Horizontal pass over 3-channel rows `rowFirst … rowEnd - 1` of `src` (`srcWidth` pixels a row):
 * writes `taps.start.length` pixels per row to `dst`, rows packed from index 0.
 */
export function horizontalPassRgb(src: Uint8Array, srcWidth: number, rowFirst: number, rowEnd: number, taps: ResampleTaps, dst: Uint8ClampedArray): void {
  const { start, weights } = taps;
  const outW = start.length;
  const rowIn = srcWidth * 3;
  let o = 0;
  switch (taps.taps) {
    case 1:
      for (let r = rowFirst; r < rowEnd; r++) {
        const base = r * rowIn;
        for (let i = 0; i < outW; i++, o += 3) {
          const p = base + start[i]! * 3;
          dst[o] = src[p]!;
          dst[o + 1] = src[p + 1]!;
          dst[o + 2] = src[p + 2]!;
        }
      }
      return;
    case 2:
      for (let r = rowFirst; r < rowEnd; r++) {
        const base = r * rowIn;
        for (let i = 0, k = 0; i < outW; i++, k += 2, o += 3) {
          const p = base + start[i]! * 3;
          const w0 = weights[k]!;
          const w1 = weights[k + 1]!;
          dst[o] = (PILLOW_HALF + src[p]! * w0 + src[p + 3]! * w1) >> P;
          dst[o + 1] = (PILLOW_HALF + src[p + 1]! * w0 + src[p + 4]! * w1) >> P;
          dst[o + 2] = (PILLOW_HALF + src[p + 2]! * w0 + src[p + 5]! * w1) >> P;
        }
      }
      return;
    case 3:
      for (let r = rowFirst; r < rowEnd; r++) {
        const base = r * rowIn;
        for (let i = 0, k = 0; i < outW; i++, k += 3, o += 3) {
          const p = base + start[i]! * 3;
          const w0 = weights[k]!;
          const w1 = weights[k + 1]!;
          const w2 = weights[k + 2]!;
          dst[o] = (PILLOW_HALF + src[p]! * w0 + src[p + 3]! * w1 + src[p + 6]! * w2) >> P;
          dst[o + 1] = (PILLOW_HALF + src[p + 1]! * w0 + src[p + 4]! * w1 + src[p + 7]! * w2) >> P;
          dst[o + 2] = (PILLOW_HALF + src[p + 2]! * w0 + src[p + 5]! * w1 + src[p + 8]! * w2) >> P;
        }
      }
      return;
    case 4:
      for (let r = rowFirst; r < rowEnd; r++) {
        const base = r * rowIn;
        for (let i = 0, k = 0; i < outW; i++, k += 4, o += 3) {
          const p = base + start[i]! * 3;
          const w0 = weights[k]!;
          const w1 = weights[k + 1]!;
          const w2 = weights[k + 2]!;
          const w3 = weights[k + 3]!;
          dst[o] = (PILLOW_HALF + src[p]! * w0 + src[p + 3]! * w1 + src[p + 6]! * w2 + src[p + 9]! * w3) >> P;
          dst[o + 1] = (PILLOW_HALF + src[p + 1]! * w0 + src[p + 4]! * w1 + src[p + 7]! * w2 + src[p + 10]! * w3) >> P;
          dst[o + 2] = (PILLOW_HALF + src[p + 2]! * w0 + src[p + 5]! * w1 + src[p + 8]! * w2 + src[p + 11]! * w3) >> P;
        }
      }
      return;
    default:
      horizontalPassGeneral(src, srcWidth, 3, rowFirst, rowEnd, taps, dst);
  }
}

/** Horizontal pass for any channel count and tap count. */
export function horizontalPassGeneral(
  src: Uint8Array,
  srcWidth: number,
  channels: number,
  rowFirst: number,
  rowEnd: number,
  taps: ResampleTaps,
  dst: Uint8ClampedArray,
): void {
  const { start, weights, taps: n } = taps;
  const outW = start.length;
  let o = 0;
  for (let r = rowFirst; r < rowEnd; r++) {
    const base = r * srcWidth * channels;
    for (let i = 0; i < outW; i++) {
      const p = base + start[i]! * channels;
      const k = i * n;
      for (let c = 0; c < channels; c++, o++) {
        let s = PILLOW_HALF;
        for (let t = 0; t < n; t++) s += src[p + t * channels + c]! * weights[k + t]!;
        dst[o] = s >> P;
      }
    }
  }
}

/**
 * Vertical pass to 8 bits: `src` holds rows of `rowLen` values starting at input row `srcFirstRow`;
 * output row `j` goes to `dst[dstOffset + j * dstStride …]`.
 */
export function verticalPassBytes(
  src: Uint8ClampedArray,
  rowLen: number,
  srcFirstRow: number,
  taps: ResampleTaps,
  dst: Uint8Array | Uint8ClampedArray,
  dstOffset: number,
  dstStride: number,
): void {
  const { start, weights, taps: n } = taps;
  for (let j = 0; j < start.length; j++) {
    const a = (start[j]! - srcFirstRow) * rowLen;
    const d = dstOffset + j * dstStride;
    const k = j * n;
    for (let i = 0; i < rowLen; i++) {
      let s = PILLOW_HALF;
      for (let t = 0; t < n; t++) s += src[a + t * rowLen + i]! * weights[k + t]!;
      const v = s >> P;
      dst[d + i] = v > 255 ? 255 : v;
    }
  }
}

/**
 * Vertical pass of 3-channel rows written as float32 minus a per-channel mean: the 8-bit result
 * (clamped as Pillow) minus `mean[c]`, computed in double and rounded once to float32, exactly as
 * numpy's `uint8 - float64` then `astype(float32)`. Output row `j`, pixel `x` goes to
 * `dst[dstOffset + j * dstStride + 3x + c]`.
 */
export function verticalPassMeanSubtracted(
  src: Uint8ClampedArray,
  rowPixels: number,
  srcFirstRow: number,
  taps: ResampleTaps,
  dst: Float32Array,
  dstOffset: number,
  dstStride: number,
  mean: readonly number[],
): void {
  const { start, weights, taps: n } = taps;
  const rowLen = rowPixels * 3;
  const m0 = mean[0]!;
  const m1 = mean[1]!;
  const m2 = mean[2]!;
  for (let j = 0; j < start.length; j++) {
    const a = (start[j]! - srcFirstRow) * rowLen;
    let d = dstOffset + j * dstStride;
    const k = j * n;
    if (n === 1) {
      // An axis that is not resized: the bytes themselves.
      for (let i = 0; i < rowLen; i += 3, d += 3) {
        dst[d] = src[a + i]! - m0;
        dst[d + 1] = src[a + i + 1]! - m1;
        dst[d + 2] = src[a + i + 2]! - m2;
      }
    } else if (n === 2) {
      const w0 = weights[k]!;
      const w1 = weights[k + 1]!;
      const b = a + rowLen;
      for (let i = 0; i < rowLen; i += 3, d += 3) {
        const v0 = (PILLOW_HALF + src[a + i]! * w0 + src[b + i]! * w1) >> P;
        const v1 = (PILLOW_HALF + src[a + i + 1]! * w0 + src[b + i + 1]! * w1) >> P;
        const v2 = (PILLOW_HALF + src[a + i + 2]! * w0 + src[b + i + 2]! * w1) >> P;
        dst[d] = (v0 > 255 ? 255 : v0) - m0;
        dst[d + 1] = (v1 > 255 ? 255 : v1) - m1;
        dst[d + 2] = (v2 > 255 ? 255 : v2) - m2;
      }
    } else if (n === 3) {
      const w0 = weights[k]!;
      const w1 = weights[k + 1]!;
      const w2 = weights[k + 2]!;
      const b = a + rowLen;
      const c = b + rowLen;
      for (let i = 0; i < rowLen; i += 3, d += 3) {
        const v0 = (PILLOW_HALF + src[a + i]! * w0 + src[b + i]! * w1 + src[c + i]! * w2) >> P;
        const v1 = (PILLOW_HALF + src[a + i + 1]! * w0 + src[b + i + 1]! * w1 + src[c + i + 1]! * w2) >> P;
        const v2 = (PILLOW_HALF + src[a + i + 2]! * w0 + src[b + i + 2]! * w1 + src[c + i + 2]! * w2) >> P;
        dst[d] = (v0 > 255 ? 255 : v0) - m0;
        dst[d + 1] = (v1 > 255 ? 255 : v1) - m1;
        dst[d + 2] = (v2 > 255 ? 255 : v2) - m2;
      }
    } else if (n === 4) {
      const w0 = weights[k]!;
      const w1 = weights[k + 1]!;
      const w2 = weights[k + 2]!;
      const w3 = weights[k + 3]!;
      const b = a + rowLen;
      const c = b + rowLen;
      const e = c + rowLen;
      for (let i = 0; i < rowLen; i += 3, d += 3) {
        const v0 = (PILLOW_HALF + src[a + i]! * w0 + src[b + i]! * w1 + src[c + i]! * w2 + src[e + i]! * w3) >> P;
        const v1 = (PILLOW_HALF + src[a + i + 1]! * w0 + src[b + i + 1]! * w1 + src[c + i + 1]! * w2 + src[e + i + 1]! * w3) >> P;
        const v2 = (PILLOW_HALF + src[a + i + 2]! * w0 + src[b + i + 2]! * w1 + src[c + i + 2]! * w2 + src[e + i + 2]! * w3) >> P;
        dst[d] = (v0 > 255 ? 255 : v0) - m0;
        dst[d + 1] = (v1 > 255 ? 255 : v1) - m1;
        dst[d + 2] = (v2 > 255 ? 255 : v2) - m2;
      }
    } else {
      for (let i = 0; i < rowLen; i++) {
        let s = PILLOW_HALF;
        for (let t = 0; t < n; t++) s += src[a + t * rowLen + i]! * weights[k + t]!;
        const v = s >> P;
        dst[d + i] = (v > 255 ? 255 : v) - mean[i % 3]!;
      }
    }
  }
}
