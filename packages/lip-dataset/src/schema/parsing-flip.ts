import type { LabelMap } from './image-types.js';
import { assertPixelCount } from './image-types.js';

/** Left/right class pairs swapped when an image is mirrored: arms, legs, shoes. */
export const PARSING_FLIP_PAIRS: readonly (readonly [number, number])[] = Object.freeze([
  [14, 15],
  [16, 17],
  [18, 19],
] as const);

/**
 * A 256-entry lookup table mapping each label value to its mirrored value
 * (14↔15, 16↔17, 18↔19; everything else, including 255 and 240, unchanged).
 */
export const PARSING_FLIP_LOOKUP: Readonly<Uint8Array> = (() => {
  const table = new Uint8Array(256);
  for (let v = 0; v < 256; v++) table[v] = v;
  for (const [a, b] of PARSING_FLIP_PAIRS) {
    table[a] = b;
    table[b] = a;
  }
  return table;
})();

/** Channel permutation of 20-class logits for a mirrored image: `flipped[c] = original[perm[c]]`. */
export const PARSING_FLIP_PERMUTATION: readonly number[] = Object.freeze(
  Array.from({ length: 20 }, (_, c) => PARSING_FLIP_LOOKUP[c]!),
);

/** Swaps left/right class ids in place (no mirroring). */
export function swapLeftRightLabels(data: Uint8Array): Uint8Array {
  for (let i = 0; i < data.length; i++) data[i] = PARSING_FLIP_LOOKUP[data[i]!]!;
  return data;
}

/**
 * Mirrors a label map horizontally and swaps the left/right ids: the content of a JPPNet
 * `labels_rev/<id>.png` file (`rev = fliplr(label)`, then 14↔15, 16↔17, 18↔19).
 */
export function mirrorLabelMap(label: LabelMap): LabelMap {
  const { width, height, data } = label;
  assertPixelCount('mirrorLabelMap', data.length, width, height, 1);
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      out[row + x] = PARSING_FLIP_LOOKUP[data[row + width - 1 - x]!]!;
    }
  }
  return { width, height, data: out };
}
