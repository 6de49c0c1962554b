/** Pillow's fixed-point precision for 8-bit images (`PRECISION_BITS` in Resample.c). */
export const PILLOW_PRECISION_BITS = 32 - 8 - 2;
/** Weight 1.0 in fixed point. */
export const PILLOW_ONE = 1 << PILLOW_PRECISION_BITS;
/** The rounding term every fixed-point sum starts from. */
export const PILLOW_HALF = 1 << (PILLOW_PRECISION_BITS - 1);

/**
 * The filter taps of one resampling pass, for a run of consecutive output indices: every entry has
 * the same number of taps (`taps`), so the passes run fixed-length, branch-free inner loops.
 * Entries whose Pillow filter is shorter are zero-padded, with `start` moved left where needed so
 * that `start + taps <= inSize`; zero weights add exactly nothing, so sums stay bit-exact.
 */
export interface ResampleTaps {
  readonly taps: number;
  /** First input index read by each output entry. */
  readonly start: Int32Array;
  /** `[entries * taps]` 22-bit fixed-point weights. */
  readonly weights: Int32Array;
}

/** The taps of an axis that is not resized (Pillow skips that pass; weight 1.0 gives the same bytes). */
export function identityTaps(first: number, count: number, reverse = false): ResampleTaps {
  const start = new Int32Array(count);
  for (let i = 0; i < count; i++) start[i] = first + (reverse ? count - 1 - i : i);
  return { taps: 1, start, weights: new Int32Array(count).fill(PILLOW_ONE) };
}

/**
 * Taps of Pillow's bilinear (triangle) convolution for output indices `first … first + count - 1`
 * of an `inSize → outSize` resize, in reverse order with `reverse` (a mirrored output). Same
 * double-precision formulas as Pillow's `precompute_coeffs` / `normalize_coeffs_8bpc`: support
 * widened by the downscale factor (antialiasing), weights normalised per output index, then
 * rounded half away from zero to 22-bit fixed point.
 */
export function pillowBilinearTaps(inSize: number, outSize: number, first: number, count: number, reverse = false): ResampleTaps {
  if (inSize === outSize) return identityTaps(first, count, reverse);
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = filterScale; // the triangle's support (1.0) widened by the downscale factor
  const ss = 1 / filterScale;
  const xmins = new Int32Array(count);
  const lengths = new Int32Array(count);
  let taps = 1;
  for (let i = 0; i < count; i++) {
    const center = (first + i + 0.5) * scale;
    let xmin = Math.trunc(center - support + 0.5);
    if (xmin < 0) xmin = 0;
    let xmax = Math.trunc(center + support + 0.5);
    if (xmax > inSize) xmax = inSize;
    xmins[i] = xmin;
    lengths[i] = xmax - xmin;
    if (xmax - xmin > taps) taps = xmax - xmin;
  }
  const start = new Int32Array(count);
  const weights = new Int32Array(count * taps);
  const k = new Float64Array(taps);
  for (let i = 0; i < count; i++) {
    const center = (first + i + 0.5) * scale;
    const xmin = xmins[i]!;
    const n = lengths[i]!;
    let ww = 0;
    for (let x = 0; x < n; x++) {
      let t = (x + xmin - center + 0.5) * ss;
      if (t < 0) t = -t;
      const w = t < 1 ? 1 - t : 0;
      k[x] = w;
      ww += w;
    }
    const slot = reverse ? count - 1 - i : i;
    const s = Math.min(xmin, inSize - taps);
    start[slot] = s;
    const base = slot * taps + (xmin - s);
    for (let x = 0; x < n; x++) {
      const w = ww !== 0 ? k[x]! / ww : k[x]!;
      weights[base + x] = w < 0 ? Math.trunc(-0.5 + w * PILLOW_ONE) : Math.trunc(0.5 + w * PILLOW_ONE);
    }
  }
  return { taps, start, weights };
}

/** The input range `[first, end)` the given taps read. */
export function tapsInputRange(taps: ResampleTaps): { first: number; end: number } {
  let first = Number.POSITIVE_INFINITY;
  let end = 0;
  for (let i = 0; i < taps.start.length; i++) {
    const s = taps.start[i]!;
    if (s < first) first = s;
    if (s + taps.taps > end) end = s + taps.taps;
  }
  return { first: first === Number.POSITIVE_INFINITY ? 0 : first, end };
}
