/**
 * A grow-only scratch buffer for the 8-bit intermediate of a resize, reused from one image to the
 * next (one per thread: module state is per worker). Callers use it synchronously and never keep it.
 */
let scratch = new Uint8ClampedArray(0);

export function scratchBytes(length: number): Uint8ClampedArray {
  if (scratch.length < length) scratch = new Uint8ClampedArray(Math.max(length, scratch.length * 2));
  return scratch;
}
