import { toLabelGrid, type LabelArray, type LabelGrid, type LabelMapInput, type LabelMapSize } from './label-grid.js';

function sourceIndex(target: number, sourceLength: number, targetLength: number): number {
  // Pixel-centre sampling, as Pillow's NEAREST resize: floor((target + 0.5) * source / target), in exact integers.
  return Math.min(sourceLength - 1, Math.floor(((2 * target + 1) * sourceLength) / (2 * targetLength)));
}

/**
 * Resizes a label map with nearest-neighbour sampling at pixel centres (the same pixels Pillow's `NEAREST`
 * picks), so class ids are never blended. Use it to bring a prediction to the ground-truth size before
 * `ConfusionMatrix.update`. `size` gives the size of a bare-array input.
 */
export function resizeNearest(input: LabelMapInput, width: number, height: number, size?: LabelMapSize): LabelGrid {
  const source = toLabelGrid(input, 'resizeNearest input', size);
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`resizeNearest: target size must be positive integers, got ${width}x${height}`);
  }
  if (source.width < 1 || source.height < 1) throw new Error('resizeNearest: cannot resize an empty label map');
  const data = source.data;
  const out: LabelArray = Array.isArray(data)
    ? new Array<number>(width * height)
    : new (data.constructor as new (length: number) => Exclude<LabelArray, readonly number[]>)(width * height);
  const writable = out as number[];
  const columns = new Int32Array(width);
  for (let x = 0; x < width; x++) columns[x] = sourceIndex(x, source.width, width);
  for (let y = 0; y < height; y++) {
    const rowStart = sourceIndex(y, source.height, height) * source.width;
    const outStart = y * width;
    for (let x = 0; x < width; x++) writable[outStart + x] = data[rowStart + columns[x]!]!;
  }
  return { data: out, width, height };
}
