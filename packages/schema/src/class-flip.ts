import { LIP_NUM_CLASSES } from './lip-classes.js';
import { assertPixelCount, type LabelMap } from './label-map.js';

/** Left/right class pairs that swap when an image is mirrored: arms 14↔15, legs 16↔17, shoes 18↔19. */
export const LIP_CLASS_FLIP_PAIRS: readonly (readonly [number, number])[] = Object.freeze([
  [14, 15],
  [16, 17],
  [18, 19],
] as const);

/**
 * Label value → its value in the mirrored image, for all 256 byte values (pairs swapped; everything else,
 * 255 and 240 included, unchanged).
 */
export const LIP_LABEL_FLIP_LOOKUP: Readonly<Uint8Array> = (() => {
  const table = new Uint8Array(256);
  for (let v = 0; v < 256; v++) table[v] = v;
  for (const [a, b] of LIP_CLASS_FLIP_PAIRS) {
    table[a] = b;
    table[b] = a;
  }
  return table;
})();

/** Channel permutation of 20-class scores for a mirrored image: `mirrored[c] = original[LIP_CLASS_FLIP_PERMUTATION[c]]`. */
export const LIP_CLASS_FLIP_PERMUTATION: readonly number[] = Object.freeze(
  Array.from({ length: LIP_NUM_CLASSES }, (_, c) => LIP_LABEL_FLIP_LOOKUP[c]!),
);

/** Swaps left/right class ids in place, without mirroring. */
export function swapLeftRightLabels(data: Uint8Array): Uint8Array {
  for (let i = 0; i < data.length; i++) data[i] = LIP_LABEL_FLIP_LOOKUP[data[i]!]!;
  return data;
}

/**
 * Mirrors a label map horizontally and swaps the left/right ids: what a mirrored image's label is, and the
 * content of the `labels_rev/<id>.png` files LIP_JPPNet's readers load (`fliplr`, then 14↔15, 16↔17, 18↔19).
 */
export function mirrorLabelMap(label: LabelMap): LabelMap {
  const { width, height, data } = label;
  assertPixelCount('mirrorLabelMap', data.length, width, height, 1);
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) out[row + x] = LIP_LABEL_FLIP_LOOKUP[data[row + width - 1 - x]!]!;
  }
  return { width, height, data: out };
}
