// scipy.ndimage.zoom(x, [zh, zw, 1], order=2) on an [h, w, channels] array, as SS-NAN un-moulds its
// probabilities (`unmold_detections`). The steps are scipy's:
// 1. prefilter: quadratic B-spline coefficients along each spatial axis (pole √8 − 3, gain 8, whole-sample
//    mirror boundaries: scipy's 'constant' mode prefilters as 'mirror'). The channel axis is prefiltered too in
//    scipy, but it is sampled at its own knots (zoom 1), where the spline reproduces the data: a no-op.
// 2. sample output pixel i at input coordinate i·(in − 1)/(out − 1) (grid_mode=False: corners aligned), with
//    the quadratic B-spline weights of the three nearest coefficients, mirrored at the edges.
// Work is done in float64 like scipy, and the result is float32 like scipy's output for float32 input.

const POLE = Math.sqrt(8) - 3;
const GAIN = (1 - POLE) * (1 - 1 / POLE); // = 8

/** In-place quadratic B-spline prefilter of `n` samples at `c[offset + i·stride]` (scipy `spline_filter1d`, mirror). */
function prefilterLine(c: Float64Array, offset: number, stride: number, n: number): void {
  if (n < 2) return;
  const at = (i: number) => offset + i * stride;
  for (let i = 0; i < n; i++) c[at(i)]! *= GAIN;
  // causal initialisation for a mirror-symmetric signal
  const zn1 = Math.pow(POLE, n - 1);
  let c0 = c[at(0)]! + zn1 * c[at(n - 1)]!;
  let zi = POLE;
  for (let i = 1; i < n - 1; i++) {
    c0 += zi * (c[at(i)]! + zn1 * c[at(n - 1 - i)]!);
    zi *= POLE;
  }
  c[at(0)] = c0 / (1 - zn1 * zn1);
  for (let i = 1; i < n; i++) c[at(i)]! += POLE * c[at(i - 1)]!;
  // anticausal initialisation and recursion
  c[at(n - 1)] = ((POLE * c[at(n - 2)]! + c[at(n - 1)]!) * POLE) / (POLE * POLE - 1);
  for (let i = n - 2; i >= 0; i--) c[at(i)] = POLE * (c[at(i + 1)]! - c[at(i)]!);
}

/** Whole-sample mirror of an index into [0, n − 1] (scipy 'mirror': d c b | a b c d | c b a). */
function mirrorIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * n - 2;
  let k = i % period;
  if (k < 0) k += period;
  return k < n ? k : period - k;
}

/** For each output position: the three input indices and their quadratic B-spline weights. */
function samplingPlan(inSize: number, outSize: number): { index: Int32Array; weight: Float64Array } {
  const step = outSize > 1 ? (inSize - 1) / (outSize - 1) : 1;
  const index = new Int32Array(outSize * 3);
  const weight = new Float64Array(outSize * 3);
  for (let o = 0; o < outSize; o++) {
    const x = o * step;
    const centre = Math.floor(x + 0.5);
    const t = x - centre;
    weight[o * 3] = 0.5 * (0.5 - t) * (0.5 - t);
    weight[o * 3 + 1] = 0.75 - t * t;
    weight[o * 3 + 2] = 0.5 * (0.5 + t) * (0.5 + t);
    for (let k = 0; k < 3; k++) index[o * 3 + k] = mirrorIndex(centre - 1 + k, inSize);
  }
  return { index, weight };
}

/**
 * Resizes an [height, width, channels] float array to [outHeight, outWidth, channels] like
 * `scipy.ndimage.zoom(x, [outHeight / height, outWidth / width, 1], order=2)`.
 */
export function zoomSplineOrder2(
  data: Float32Array,
  height: number,
  width: number,
  channels: number,
  outHeight: number,
  outWidth: number,
): Float32Array {
  for (const [what, v] of [['height', height], ['width', width], ['channels', channels], ['outHeight', outHeight], ['outWidth', outWidth]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`zoomSplineOrder2: ${what} must be a positive integer, got ${v}`);
  }
  if (data.length !== height * width * channels) {
    throw new RangeError(`zoomSplineOrder2: data has ${data.length} values, expected ${height}x${width}x${channels}`);
  }
  const out = new Float32Array(outHeight * outWidth * channels);
  const rows = samplingPlan(height, outHeight);
  const cols = samplingPlan(width, outWidth);
  const coeff = new Float64Array(height * width);
  const partial = new Float64Array(height * outWidth);
  for (let ch = 0; ch < channels; ch++) {
    for (let i = 0; i < height * width; i++) coeff[i] = data[i * channels + ch]!;
    for (let y = 0; y < height; y++) prefilterLine(coeff, y * width, 1, width);
    for (let x = 0; x < width; x++) prefilterLine(coeff, x, width, height);
    // along x, then along y (the 2-D tensor-product spline, evaluated separably)
    for (let y = 0; y < height; y++) {
      const row = y * width;
      for (let o = 0; o < outWidth; o++) {
        const k = o * 3;
        partial[y * outWidth + o] =
          cols.weight[k]! * coeff[row + cols.index[k]!]! +
          cols.weight[k + 1]! * coeff[row + cols.index[k + 1]!]! +
          cols.weight[k + 2]! * coeff[row + cols.index[k + 2]!]!;
      }
    }
    for (let o = 0; o < outHeight; o++) {
      const k = o * 3;
      const r0 = rows.index[k]! * outWidth;
      const r1 = rows.index[k + 1]! * outWidth;
      const r2 = rows.index[k + 2]! * outWidth;
      const w0 = rows.weight[k]!;
      const w1 = rows.weight[k + 1]!;
      const w2 = rows.weight[k + 2]!;
      for (let x = 0; x < outWidth; x++) {
        out[(o * outWidth + x) * channels + ch] = w0 * partial[r0 + x]! + w1 * partial[r1 + x]! + w2 * partial[r2 + x]!;
      }
    }
  }
  return out;
}
