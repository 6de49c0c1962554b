import type { ImageDataLike, RgbImage } from '@lip/schema';

/** An RGB image as an opaque RGBA buffer, what `drawMask` / `drawKeypoints` draw on in Node. */
export function rgbToRgba({ width, height, data }: RgbImage): ImageDataLike {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    rgba[4 * i] = data[3 * i]!;
    rgba[4 * i + 1] = data[3 * i + 1]!;
    rgba[4 * i + 2] = data[3 * i + 2]!;
    rgba[4 * i + 3] = 255;
  }
  return { width, height, data: rgba };
}

/** An opaque RGBA buffer as RGB, for the PNG encoder. */
export function rgbaToRgb({ width, height, data }: ImageDataLike): RgbImage {
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    rgb[3 * i] = data[4 * i]!;
    rgb[3 * i + 1] = data[4 * i + 1]!;
    rgb[3 * i + 2] = data[4 * i + 2]!;
  }
  return { width, height, data: rgb };
}
