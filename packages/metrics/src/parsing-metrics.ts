import { checkAbsentClassPolicy, type AbsentClassPolicy } from './absent-class-policy.js';

export interface ParsingMetricsOptions {
  /** Default `'nan-skip'` (official LIP). See `AbsentClassPolicy`. */
  absentClassPolicy?: AbsentClassPolicy;
}

/** Per-class values; ratios are fractions in [0, 1] or NaN (only under `'nan-skip'`). */
export interface ClassMetrics {
  id: number;
  /** True positives / ground-truth pixels (recall). */
  accuracy: number;
  /** True positives / (ground-truth + predicted − true positives). */
  iou: number;
  /** 2 · true positives / (ground-truth + predicted) (= F1). */
  dice: number;
  truePositives: number;
  /** Row sum: counted pixels whose ground truth is this class. */
  gtPixels: number;
  /** Column sum: counted pixels predicted as this class. */
  predPixels: number;
}

export interface ParsingMetrics {
  absentClassPolicy: AbsentClassPolicy;
  numClasses: number;
  /** Counted pixels (ignored and dropped ones excluded). */
  pixels: number;
  /** trace / total; NaN when nothing was counted. */
  pixelAccuracy: number;
  meanAccuracy: number;
  meanIoU: number;
  /** Σ over classes with ground-truth pixels of (gtPixels / pixels) · IoU; NaN when nothing was counted. */
  frequencyWeightedIoU: number;
  meanDice: number;
  classes: ClassMetrics[];
}

/** Row-major square counts: `counts[gt * numClasses + pred]`. */
export interface ConfusionCounts {
  readonly numClasses: number;
  readonly counts: ArrayLike<number>;
}

function ratio(numerator: number, denominator: number, policy: AbsentClassPolicy): number {
  if (policy === 'zero') return numerator / Math.max(1, denominator);
  return numerator / denominator; // 0/0 = NaN
}

function nanMean(values: readonly number[]): number {
  let sum = 0;
  let count = 0;
  for (const v of values) {
    if (!Number.isNaN(v)) {
      sum += v;
      count++;
    }
  }
  return count === 0 ? Number.NaN : sum / count;
}

/**
 * Parsing metrics from a dataset-level confusion matrix (rows = ground truth), following the official LIP
 * `test_human.py` formulas, with the absent-class policy made explicit.
 */
export function computeParsingMetrics(matrix: ConfusionCounts, options: ParsingMetricsOptions = {}): ParsingMetrics {
  const policy = checkAbsentClassPolicy(options.absentClassPolicy ?? 'nan-skip');
  const n = matrix.numClasses;
  const counts = matrix.counts;
  if (counts.length !== n * n) throw new Error(`counts must have ${n * n} entries for ${n} classes, got ${counts.length}`);
  const gtPixels = new Array<number>(n).fill(0);
  const predPixels = new Array<number>(n).fill(0);
  const truePositives = new Array<number>(n).fill(0);
  let total = 0;
  for (let g = 0; g < n; g++) {
    for (let p = 0; p < n; p++) {
      const c = counts[g * n + p]!;
      gtPixels[g]! += c;
      predPixels[p]! += c;
    }
    truePositives[g] = counts[g * n + g]!;
    total += gtPixels[g]!;
  }
  let trace = 0;
  for (const tp of truePositives) trace += tp;

  const classes: ClassMetrics[] = [];
  for (let c = 0; c < n; c++) {
    const tp = truePositives[c]!;
    const row = gtPixels[c]!;
    const col = predPixels[c]!;
    classes.push({
      id: c,
      accuracy: ratio(tp, row, policy),
      iou: ratio(tp, row + col - tp, policy),
      dice: ratio(2 * tp, row + col, policy),
      truePositives: tp,
      gtPixels: row,
      predPixels: col,
    });
  }
  const mean = policy === 'zero' ? (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length : nanMean;

  let frequencyWeightedIoU = Number.NaN;
  if (total > 0) {
    frequencyWeightedIoU = 0;
    for (const c of classes) if (c.gtPixels > 0) frequencyWeightedIoU += (c.gtPixels / total) * c.iou;
  }
  return {
    absentClassPolicy: policy,
    numClasses: n,
    pixels: total,
    pixelAccuracy: trace / total,
    meanAccuracy: mean(classes.map((c) => c.accuracy)),
    meanIoU: mean(classes.map((c) => c.iou)),
    frequencyWeightedIoU,
    meanDice: mean(classes.map((c) => c.dice)),
    classes,
  };
}
