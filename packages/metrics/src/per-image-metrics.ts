import { ConfusionMatrix, type ConfusionMatrixOptions, type ConfusionMatrixUpdateOptions } from './confusion-matrix.js';
import type { LabelMapInput } from './label-grid.js';
import { computeParsingMetrics, type ParsingMetrics, type ParsingMetricsOptions } from './parsing-metrics.js';

/**
 * Metrics of a single image (its own confusion matrix). Dataset results must come from one accumulated
 * `ConfusionMatrix`, not from averaging these: averaging per-image mIoU gives different, higher numbers.
 */
export function computePerImageParsingMetrics(
  gt: LabelMapInput,
  pred: LabelMapInput,
  numClasses: number,
  options: ConfusionMatrixOptions & ParsingMetricsOptions & ConfusionMatrixUpdateOptions = {},
): ParsingMetrics {
  const matrix = new ConfusionMatrix(numClasses, options);
  matrix.update(gt, pred, options);
  return computeParsingMetrics(matrix, options);
}

/** Per-image metrics averaged over images (each image weighs the same; NaN values are skipped). */
export interface PerImageAverage {
  images: number;
  pixelAccuracy: number;
  meanAccuracy: number;
  meanIoU: number;
  frequencyWeightedIoU: number;
  meanDice: number;
}

/**
 * The "per-image averaging" protocol some papers use: the mean over images of each image's own metric.
 * Named so it cannot be mistaken for the dataset-level result.
 */
export function averagePerImageParsingMetrics(perImage: readonly ParsingMetrics[]): PerImageAverage {
  const average = (key: 'pixelAccuracy' | 'meanAccuracy' | 'meanIoU' | 'frequencyWeightedIoU' | 'meanDice'): number => {
    let sum = 0;
    let count = 0;
    for (const m of perImage) {
      const v = m[key];
      if (!Number.isNaN(v)) {
        sum += v;
        count++;
      }
    }
    return count === 0 ? Number.NaN : sum / count;
  };
  return {
    images: perImage.length,
    pixelAccuracy: average('pixelAccuracy'),
    meanAccuracy: average('meanAccuracy'),
    meanIoU: average('meanIoU'),
    frequencyWeightedIoU: average('frequencyWeightedIoU'),
    meanDice: average('meanDice'),
  };
}
