import { LIP_FLIP_PAIRS } from './lip-classes.js';
import { toLabelMap, type LabelArray, type LabelMap, type LabelMapInput, type LabelMapSize } from './label-map.js';

/**
 * Mirrors a label map horizontally and swaps the left/right class ids (LIP: arms 14↔15, legs 16↔17,
 * shoes 18↔19), as flip augmentation and flip testing require. `size` gives the size of a bare-array input.
 */
export function mirrorLabelMap(
  input: LabelMapInput,
  pairs: readonly (readonly [number, number])[] = LIP_FLIP_PAIRS,
  size?: LabelMapSize,
): LabelMap {
  const map = toLabelMap(input, 'mirrorLabelMap input', size);
  const swap = new Map<number, number>();
  for (const [a, b] of pairs) {
    swap.set(a, b);
    swap.set(b, a);
  }
  const { width, height, data } = map;
  const out: LabelArray = Array.isArray(data)
    ? new Array<number>(data.length)
    : new (data.constructor as new (length: number) => Exclude<LabelArray, readonly number[]>)(data.length);
  const writable = out as number[];
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const v = data[row + width - 1 - x]!;
      writable[row + x] = swap.get(v) ?? v;
    }
  }
  return { data: out, width, height };
}
