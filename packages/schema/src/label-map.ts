/** A single-channel label map, row-major: `data[y * width + x]` is a class id (or an ignore / pad value). */
export interface LabelMap {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** An 8-bit RGB image, row-major, interleaved: `data[(y * width + x) * 3 + c]`. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** What the DOM's `ImageData` holds (RGBA, 4 bytes per pixel); in Node a plain object of the same shape. */
export interface ImageDataLike {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

/**
 * Checks that pixel data has the length its size promises (`channels` values per pixel); the error names
 * `what`, the size and both lengths.
 */
export function assertPixelCount(what: string, actual: number, width: number, height: number, channels: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`${what}: invalid size ${width}x${height}`);
  }
  const expected = width * height * channels;
  if (actual !== expected) {
    throw new RangeError(`${what}: data has ${actual} values, expected ${expected} (${width}x${height}x${channels})`);
  }
}
