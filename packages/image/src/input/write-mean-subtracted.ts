/**
 * Copies an 8-bit RGB region into a float32 canvas with the mean subtracted, optionally mirrored
 * horizontally and with the channels reversed (RGB→BGR). Pixels of the canvas not covered keep
 * the value the caller filled in.
 */
export function writeMeanSubtracted(
  src: Uint8Array,
  srcWidth: number,
  srcX: number,
  srcY: number,
  copyWidth: number,
  copyHeight: number,
  dst: Float32Array,
  dstWidth: number,
  dstX: number,
  dstY: number,
  mean: readonly number[],
  mirror: boolean,
  bgr: boolean,
): void {
  const m0 = mean[0]!;
  const m1 = mean[1]!;
  const m2 = mean[2]!;
  for (let y = 0; y < copyHeight; y++) {
    const si = ((srcY + y) * srcWidth + srcX) * 3;
    const di = ((dstY + y) * dstWidth + dstX) * 3;
    for (let x = 0; x < copyWidth; x++) {
      const s = si + x * 3;
      const d = di + (mirror ? copyWidth - 1 - x : x) * 3;
      const r = src[s]!;
      const g = src[s + 1]!;
      const b = src[s + 2]!;
      if (bgr) {
        dst[d] = b - m0;
        dst[d + 1] = g - m1;
        dst[d + 2] = r - m2;
      } else {
        dst[d] = r - m0;
        dst[d + 1] = g - m1;
        dst[d + 2] = b - m2;
      }
    }
  }
}
