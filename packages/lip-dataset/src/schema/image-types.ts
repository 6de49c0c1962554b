/** An 8-bit RGB image, row-major, interleaved (`data[(y * width + x) * 3 + c]`). */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** A single-channel label map, row-major (`data[y * width + x]` is a class id, or 255 / 240 for padding). */
export interface LabelMap {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** Checks that a typed array has the length its dimensions promise. */
export function assertPixelCount(
  what: string,
  actual: number,
  width: number,
  height: number,
  channels: number,
): void {
  const expected = width * height * channels;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`${what}: invalid size ${width}x${height}`);
  }
  if (actual !== expected) {
    throw new RangeError(
      `${what}: data has ${actual} values, expected ${expected} (${width}x${height}x${channels})`,
    );
  }
}
