/**
 * Resizes as TensorFlow 1.x `tf.image.resize_images` / `resize_bilinear` with
 * `align_corners=False` and no half-pixel centres (the behaviour JPPNet was trained with):
 * source coordinate = `dst * (in / out)`, computed in float32.
 */
export function resizeBilinearTf1(
  data: Float32Array,
  width: number,
  height: number,
  channels: number,
  outWidth: number,
  outHeight: number,
): Float32Array {
  if (data.length !== width * height * channels) {
    throw new RangeError(`resizeBilinearTf1: data has ${data.length} values, expected ${width * height * channels}`);
  }
  const out = new Float32Array(outWidth * outHeight * channels);
  const sx = Math.fround(width / outWidth);
  const sy = Math.fround(height / outHeight);
  const x0s = new Int32Array(outWidth);
  const x1s = new Int32Array(outWidth);
  const xl = new Float32Array(outWidth);
  for (let x = 0; x < outWidth; x++) {
    const inX = Math.fround(x * sx);
    const f = Math.floor(inX);
    x0s[x] = Math.max(f, 0);
    x1s[x] = Math.min(Math.ceil(inX), width - 1);
    xl[x] = inX - f;
  }
  for (let y = 0; y < outHeight; y++) {
    const inY = Math.fround(y * sy);
    const f = Math.floor(inY);
    const y0 = Math.max(f, 0);
    const y1 = Math.min(Math.ceil(inY), height - 1);
    const yl = inY - f;
    const r0 = y0 * width * channels;
    const r1 = y1 * width * channels;
    const ro = y * outWidth * channels;
    for (let x = 0; x < outWidth; x++) {
      const a = x0s[x]! * channels;
      const b = x1s[x]! * channels;
      const l = xl[x]!;
      for (let c = 0; c < channels; c++) {
        const tl = data[r0 + a + c]!;
        const tr = data[r0 + b + c]!;
        const bl = data[r1 + a + c]!;
        const br = data[r1 + b + c]!;
        const top = tl + (tr - tl) * l;
        const bottom = bl + (br - bl) * l;
        out[ro + x * channels + c] = top + (bottom - top) * yl;
      }
    }
  }
  return out;
}

/** Source indices of TF 1.x `resize_nearest_neighbor(align_corners=False)`: `min(floor(dst * in/out), in - 1)`. */
export function nearestSourceIndicesTf1(inSize: number, outSize: number): Int32Array {
  const scale = Math.fround(inSize / outSize);
  const idx = new Int32Array(outSize);
  for (let i = 0; i < outSize; i++) idx[i] = Math.min(Math.floor(Math.fround(i * scale)), inSize - 1);
  return idx;
}

/** TF 1.x `resize_nearest_neighbor` (align_corners=False) of an interleaved 8-bit array. */
export function resizeNearestTf1(
  data: Uint8Array,
  width: number,
  height: number,
  channels: number,
  outWidth: number,
  outHeight: number,
): Uint8Array {
  if (data.length !== width * height * channels) {
    throw new RangeError(`resizeNearestTf1: data has ${data.length} values, expected ${width * height * channels}`);
  }
  const xs = nearestSourceIndicesTf1(width, outWidth);
  const ys = nearestSourceIndicesTf1(height, outHeight);
  const out = new Uint8Array(outWidth * outHeight * channels);
  for (let y = 0; y < outHeight; y++) {
    const ri = ys[y]! * width * channels;
    const ro = y * outWidth * channels;
    for (let x = 0; x < outWidth; x++) {
      const si = ri + xs[x]! * channels;
      const so = ro + x * channels;
      for (let c = 0; c < channels; c++) out[so + c] = data[si + c]!;
    }
  }
  return out;
}
