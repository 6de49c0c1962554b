import type { RawPixels } from '@lip/schema';

/** A deterministic RGB image of noise bytes (an LCG from `seed`): inputs for parser tests. */
export function noiseRgbImage(seed: number, width: number, height: number): RawPixels & { data: Uint8Array } {
  const data = new Uint8Array(height * width * 3);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    data[i] = Math.floor((s / 2147483648) * 256);
  }
  return { width, height, data };
}

/** An RGB image mirrored left to right (the pixels only: no class ids to swap). */
export function mirrorRgbImage({ width, height, data }: RawPixels): RawPixels & { data: Uint8Array } {
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) out.set(data.subarray(3 * (y * width + width - 1 - x), 3 * (y * width + width - x)), 3 * (y * width + x));
  }
  return { width, height, data: out };
}
