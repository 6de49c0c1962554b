import { computeParsingMetrics, type ParsingMetrics, type ParsingMetricsOptions } from './parsing-metrics.js';
import { formatSize, toLabelGrid, type LabelArray, type LabelMapInput } from './label-grid.js';
import { countAnyPairs, countBytePairRows, countBytePairs, makeByteRowOffsets, type PairCountingTables } from './label-pair-counting.js';
import { canCountByLanes, countByLanes, isNoisyPair, LANE_TABLE_SIZE } from './lane-pair-counting.js';
import { ROW_REPEATS, type RowRepeatHint } from '@lip/schema';

/** What to do with a ground-truth value that is neither a class id (0..numClasses-1) nor the ignore index. */
export type OutOfRangeGroundTruth = 'error' | 'drop';

export interface ConfusionMatrixOptions {
  /** Ground-truth value excluded from every count (padding / unlabelled). Default 255; `null` for none. */
  ignoreIndex?: number | null;
  /**
   * `'error'` (default) throws on a ground-truth value outside 0..numClasses-1 that is not the ignore index;
   * `'drop'` skips such pixels and counts them in `droppedPixels`, as the official LIP script's `gt < n` mask does.
   */
  outOfRangeGroundTruth?: OutOfRangeGroundTruth;
}

export interface ConfusionMatrixUpdateOptions {
  /** Size of bare-array inputs (ignored for `{data, width, height}` and tensor-like inputs). */
  width?: number;
  height?: number;
  /** Image id, used in error messages. */
  id?: string;
}

/** Serialised form of a `ConfusionMatrix`, for combining shards evaluated on different machines. */
export interface ConfusionMatrixJSON {
  format: 'lip-metrics/confusion-matrix';
  version: 1;
  numClasses: number;
  ignoreIndex: number | null;
  images: number;
  ignoredPixels: number;
  droppedPixels: number;
  /** `counts[gt][pred]`: number of counted pixels with that ground truth and prediction. */
  counts: number[][];
}

const CONFUSION_MATRIX_FORMAT = 'lip-metrics/confusion-matrix';

function isByteArray(data: LabelArray): data is Uint8Array | Uint8ClampedArray {
  return data instanceof Uint8Array || data instanceof Uint8ClampedArray;
}

/**
 * A dataset-level confusion matrix: rows are ground-truth classes, columns are predicted classes.
 * `update()` adds one image; metrics are computed from the sum over all images (as the official LIP
 * `test_human.py`, mmsegmentation and torchmetrics do), never averaged per image.
 */
export class ConfusionMatrix {
  readonly numClasses: number;
  readonly ignoreIndex: number | null;
  readonly outOfRangeGroundTruth: OutOfRangeGroundTruth;
  /** Row-major `numClasses * numClasses` counts; `counts[gt * numClasses + pred]`. */
  readonly counts: Float64Array;
  /** Number of `update()` calls (and merged shards' images). */
  images = 0;
  /** Ground-truth pixels equal to the ignore index. */
  ignoredPixels = 0;
  /** Ground-truth pixels dropped because they were out of range (only with `outOfRangeGroundTruth: 'drop'`). */
  droppedPixels = 0;

  private readonly imageCounts: Uint32Array;
  private readonly tables: PairCountingTables;
  /** countByLanes' table (1 MiB), made on the first noisy image. */
  private lanes: Uint32Array | null = null;

  constructor(numClasses: number, options: ConfusionMatrixOptions = {}) {
    if (!Number.isInteger(numClasses) || numClasses < 1 || numClasses > 2048) {
      throw new Error(`numClasses must be an integer in 1..2048, got ${numClasses}`);
    }
    const ignoreIndex = options.ignoreIndex === undefined ? 255 : options.ignoreIndex;
    if (ignoreIndex !== null && !Number.isInteger(ignoreIndex)) {
      throw new Error(`ignoreIndex must be an integer or null, got ${ignoreIndex}`);
    }
    if (ignoreIndex !== null && ignoreIndex >= 0 && ignoreIndex < numClasses) {
      throw new Error(`ignoreIndex ${ignoreIndex} is a class id (numClasses ${numClasses}); pick a value outside 0..${numClasses - 1} or null`);
    }
    const outOfRange = options.outOfRangeGroundTruth ?? 'error';
    if (outOfRange !== 'error' && outOfRange !== 'drop') {
      throw new Error(`outOfRangeGroundTruth must be 'error' or 'drop', got ${String(outOfRange)}`);
    }
    this.numClasses = numClasses;
    this.ignoreIndex = ignoreIndex;
    this.outOfRangeGroundTruth = outOfRange;
    this.counts = new Float64Array(numClasses * numClasses);
    this.imageCounts = new Uint32Array(numClasses * numClasses);
    this.tables = {
      numClasses,
      ignoreIndex,
      dropOutOfRange: outOfRange === 'drop',
      byteRowOffsets: makeByteRowOffsets(numClasses, ignoreIndex),
    };
  }

  /**
   * Adds one image. `gt` and `pred` must have the same size (resize the prediction with `resizeNearest`
   * first if needed). Throws, counting nothing, on a size mismatch, on a prediction outside 0..numClasses-1
   * at a counted pixel, and (by default) on an out-of-range ground-truth value.
   */
  update(gt: LabelMapInput, pred: LabelMapInput, options: ConfusionMatrixUpdateOptions = {}): this {
    const where = options.id === undefined ? '' : `image ${options.id}: `;
    const size = options.width !== undefined && options.height !== undefined ? { width: options.width, height: options.height } : undefined;
    const gtMap = toLabelGrid(gt, `${where}ground truth`, size);
    const predMap = toLabelGrid(pred, `${where}prediction`, size);
    if (gtMap.width !== predMap.width || gtMap.height !== predMap.height) {
      throw new Error(
        `${where}prediction is ${formatSize(predMap)} but ground truth is ${formatSize(gtMap)} (width x height); ` +
          `resize the prediction to the ground-truth size first, e.g. resizeNearest(pred, ${gtMap.width}, ${gtMap.height})`,
      );
    }
    const scratch = this.imageCounts;
    scratch.fill(0);
    const gtRepeats = (gt as RowRepeatHint)[ROW_REPEATS];
    const predRepeats = (pred as RowRepeatHint)[ROW_REPEATS];
    let result;
    if (isByteArray(gtMap.data) && isByteArray(predMap.data)) {
      // Noisy maps go to the branch-free lane kernel; it declines (null) maps with out-of-range values, which
      // the exact kernels then drop or report.
      const g = gtMap.data;
      const p = predMap.data;
      const ignored = canCountByLanes(g, p) && isNoisyPair(g, p) ? countByLanes(g, p, scratch, this.tables, (this.lanes ??= new Uint32Array(LANE_TABLE_SIZE))) : null;
      result =
        ignored !== null
          ? { ignored, dropped: 0, badIndex: -1, badIsPrediction: false }
          : gtRepeats && predRepeats
            ? countBytePairRows(g, p, gtMap.width, gtRepeats, predRepeats, scratch, this.tables)
            : countBytePairs(g, p, scratch, this.tables);
    } else {
      result = countAnyPairs(gtMap.data, predMap.data, scratch, this.tables);
    }
    if (result.badIndex >= 0) {
      scratch.fill(0);
      const x = result.badIndex % gtMap.width;
      const y = Math.floor(result.badIndex / gtMap.width);
      const n = this.numClasses;
      if (result.badIsPrediction) {
        throw new Error(
          `${where}prediction value ${predMap.data[result.badIndex]} at pixel (x=${x}, y=${y}) is not a class id 0..${n - 1}`,
        );
      }
      const ignore = this.ignoreIndex === null ? '' : ` nor the ignore index ${this.ignoreIndex}`;
      throw new Error(
        `${where}ground-truth value ${gtMap.data[result.badIndex]} at pixel (x=${x}, y=${y}) is not a class id 0..${n - 1}${ignore}; ` +
          `pass outOfRangeGroundTruth: 'drop' to drop such pixels as the official LIP script does`,
      );
    }
    const counts = this.counts;
    for (let i = 0; i < counts.length; i++) counts[i]! += scratch[i]!;
    this.ignoredPixels += result.ignored;
    this.droppedPixels += result.dropped;
    this.images += 1;
    return this;
  }

  /** Adds another matrix's counts (e.g. a shard evaluated elsewhere). Both must have the same classes and ignore index. */
  merge(other: ConfusionMatrix): this {
    if (other.numClasses !== this.numClasses) {
      throw new Error(`cannot merge a ${other.numClasses}-class confusion matrix into a ${this.numClasses}-class one`);
    }
    if (other.ignoreIndex !== this.ignoreIndex) {
      throw new Error(`cannot merge confusion matrices with different ignore indices (${String(this.ignoreIndex)} and ${String(other.ignoreIndex)})`);
    }
    const counts = this.counts;
    for (let i = 0; i < counts.length; i++) counts[i]! += other.counts[i]!;
    this.images += other.images;
    this.ignoredPixels += other.ignoredPixels;
    this.droppedPixels += other.droppedPixels;
    return this;
  }

  /** Number of counted pixels with ground truth `gtClass` predicted as `predClass`. */
  get(gtClass: number, predClass: number): number {
    if (!(gtClass >= 0 && gtClass < this.numClasses && predClass >= 0 && predClass < this.numClasses)) {
      throw new Error(`class ids must be in 0..${this.numClasses - 1}, got (${gtClass}, ${predClass})`);
    }
    return this.counts[gtClass * this.numClasses + predClass]!;
  }

  /** Total number of counted pixels (ignored and dropped pixels excluded). */
  get pixels(): number {
    let total = 0;
    for (const c of this.counts) total += c;
    return total;
  }

  /** `counts[gt][pred]` as nested arrays. */
  toArray(): number[][] {
    const n = this.numClasses;
    return Array.from({ length: n }, (_, g) => Array.from(this.counts.subarray(g * n, (g + 1) * n)));
  }

  /** Computes parsing metrics from the accumulated counts. */
  compute(options: ParsingMetricsOptions = {}): ParsingMetrics {
    return computeParsingMetrics(this, options);
  }

  reset(): this {
    this.counts.fill(0);
    this.images = 0;
    this.ignoredPixels = 0;
    this.droppedPixels = 0;
    return this;
  }

  clone(): ConfusionMatrix {
    return ConfusionMatrix.fromJSON(this.toJSON(), { outOfRangeGroundTruth: this.outOfRangeGroundTruth });
  }

  toJSON(): ConfusionMatrixJSON {
    return {
      format: CONFUSION_MATRIX_FORMAT,
      version: 1,
      numClasses: this.numClasses,
      ignoreIndex: this.ignoreIndex,
      images: this.images,
      ignoredPixels: this.ignoredPixels,
      droppedPixels: this.droppedPixels,
      counts: this.toArray(),
    };
  }

  /**
   * Rebuilds a matrix from `toJSON()` output (or the parsed JSON text). `source` names the input in errors.
   * `options.outOfRangeGroundTruth` applies to later `update()` calls.
   */
  static fromJSON(
    json: unknown,
    options: { outOfRangeGroundTruth?: OutOfRangeGroundTruth; source?: string } = {},
  ): ConfusionMatrix {
    const source = options.source ? `${options.source}: ` : '';
    const fail = (why: string): never => {
      throw new Error(`${source}not a lip-metrics confusion matrix: ${why}`);
    };
    if (typeof json !== 'object' || json === null) return fail('expected a JSON object');
    const j = json as Partial<Record<keyof ConfusionMatrixJSON, unknown>>;
    if (j.format !== CONFUSION_MATRIX_FORMAT) return fail(`"format" must be "${CONFUSION_MATRIX_FORMAT}", got ${JSON.stringify(j.format)}`);
    if (j.version !== 1) return fail(`unsupported version ${JSON.stringify(j.version)}`);
    const n = j.numClasses;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) return fail(`"numClasses" must be a positive integer`);
    if (j.ignoreIndex !== null && typeof j.ignoreIndex !== 'number') return fail(`"ignoreIndex" must be a number or null`);
    const matrix = new ConfusionMatrix(n, {
      ignoreIndex: j.ignoreIndex,
      outOfRangeGroundTruth: options.outOfRangeGroundTruth ?? 'error',
    });
    const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
    if (!Array.isArray(j.counts) || j.counts.length !== n) return fail(`"counts" must be ${n} rows`);
    j.counts.forEach((row: unknown, g) => {
      if (!Array.isArray(row) || row.length !== n) return fail(`"counts" row ${g} must have ${n} entries`);
      row.forEach((v: unknown, p) => {
        if (!isCount(v)) return fail(`"counts"[${g}][${p}] must be a non-negative integer, got ${JSON.stringify(v)}`);
        matrix.counts[g * n + p] = v;
      });
    });
    for (const key of ['images', 'ignoredPixels', 'droppedPixels'] as const) {
      const v = j[key];
      if (!isCount(v)) return fail(`"${key}" must be a non-negative integer`);
      matrix[key] = v;
    }
    return matrix;
  }
}
