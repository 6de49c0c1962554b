/** A flat, row-major array of integer class ids. */
export type LabelArray =
  | Uint8Array
  | Uint8ClampedArray
  | Uint16Array
  | Uint32Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Float32Array
  | Float64Array
  | readonly number[];

/**
 * Class ids of any integer or float array type with their size: `data[y * width + x]` is the class id of pixel
 * (x, y). `@lip/schema`'s `LabelMap` (bytes) is one.
 */
export interface LabelGrid {
  readonly data: LabelArray;
  readonly width: number;
  readonly height: number;
}

/** Anything shaped like a TensorFlow.js tensor: `[h, w]`, `[h, w, 1]`, `[1, h, w]` or `[1, h, w, 1]`. */
export interface TensorLike {
  dataSync(): ArrayLike<number>;
  readonly shape: readonly number[];
}

/** What `ConfusionMatrix.update` accepts for a ground truth or a prediction. */
export type LabelMapInput = LabelArray | LabelGrid | TensorLike;

/** The size of a label map, for inputs that are bare arrays. */
export interface LabelMapSize {
  width: number;
  height: number;
}

function isTensorLike(input: LabelMapInput): input is TensorLike {
  return typeof (input as TensorLike).dataSync === 'function' && Array.isArray((input as TensorLike).shape);
}

function isLabelGrid(input: LabelMapInput): input is LabelGrid {
  return !ArrayBuffer.isView(input) && !Array.isArray(input) && 'data' in input && 'width' in input;
}

function tensorHeightWidth(shape: readonly number[], what: string): [number, number] {
  const dims = [...shape];
  if (dims.length === 4 && dims[0] === 1 && dims[3] === 1) return [dims[1]!, dims[2]!];
  if (dims.length === 3 && dims[2] === 1) return [dims[0]!, dims[1]!];
  if (dims.length === 3 && dims[0] === 1) return [dims[1]!, dims[2]!];
  if (dims.length === 2) return [dims[0]!, dims[1]!];
  throw new Error(
    `${what}: expected a tensor of shape [h, w], [h, w, 1], [1, h, w] or [1, h, w, 1] holding class ids, got [${dims.join(', ')}]`,
  );
}

/**
 * Normalises any accepted input to `{data, width, height}` and checks that the data length matches the size.
 * A bare array without a size is taken as one row of `length` pixels.
 */
export function toLabelGrid(input: LabelMapInput, what: string, size?: LabelMapSize): LabelGrid {
  let map: LabelGrid;
  if (isTensorLike(input)) {
    const [height, width] = tensorHeightWidth(input.shape, what);
    map = { data: input.dataSync() as LabelArray, width, height };
  } else if (isLabelGrid(input)) {
    map = input;
  } else {
    const data = input as LabelArray;
    map = size ? { data, width: size.width, height: size.height } : { data, width: data.length, height: 1 };
  }
  if (!Number.isInteger(map.width) || !Number.isInteger(map.height) || map.width < 0 || map.height < 0) {
    throw new Error(`${what}: width and height must be non-negative integers, got ${map.width}x${map.height}`);
  }
  if (map.data.length !== map.width * map.height) {
    throw new Error(
      `${what}: data has ${map.data.length} values but the size ${map.width}x${map.height} needs ${map.width * map.height}`,
    );
  }
  return map;
}

/** `"300x400"` (width x height). */
export function formatSize(map: LabelMapSize): string {
  return `${map.width}x${map.height}`;
}
