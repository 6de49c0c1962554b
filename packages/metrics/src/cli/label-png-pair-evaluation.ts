import { readFileSync } from 'node:fs';
import type { AbsentClassPolicy } from '../absent-class-policy.js';
import { ConfusionMatrix } from '../confusion-matrix.js';
import { computeParsingMetrics } from '../parsing-metrics.js';
import { LabelPngDecoder } from '@lip/schema/node';
import type { LabelPngPair } from './label-png-pairs.js';
import { warmUpKernels } from './warm-up.js';

export interface PairEvaluationSettings {
  numClasses: number;
  ignoreIndex: number | null;
  dropOutOfRangeGroundTruth: boolean;
  absentClassPolicy: AbsentClassPolicy;
  perImage: boolean;
}

/** One row of the per-image CSV. */
export interface PerImageRow {
  id: string;
  pixels: number;
  pixelAccuracy: number;
  meanAccuracy: number;
  meanIoU: number;
  frequencyWeightedIoU: number;
}

/**
 * Accumulates label PNG pairs into one confusion matrix (the same code runs in the main thread with
 * `--threads 0` and in each worker thread otherwise).
 */
export class LabelPngPairEvaluation {
  readonly matrix: ConfusionMatrix;
  private readonly imageMatrix: ConfusionMatrix | null;
  // One decoder per side: each reuses its output buffer, and both maps are needed at once. The maps go straight
  // to the matrix unmodified, so the decoders' row-repeat hints are exact.
  private readonly gtDecoder = new LabelPngDecoder({ rowRepeatHints: true });
  private readonly predDecoder = new LabelPngDecoder({ rowRepeatHints: true });

  constructor(private readonly settings: PairEvaluationSettings) {
    const options = {
      ignoreIndex: settings.ignoreIndex,
      outOfRangeGroundTruth: settings.dropOutOfRangeGroundTruth ? ('drop' as const) : ('error' as const),
    };
    this.matrix = new ConfusionMatrix(settings.numClasses, options);
    this.imageMatrix = settings.perImage ? new ConfusionMatrix(settings.numClasses, options) : null;
    warmUpKernels(settings.numClasses, settings.ignoreIndex);
  }

  /** Decodes and counts one pair; returns its per-image row when per-image output was asked for. */
  add(pair: LabelPngPair): PerImageRow | null {
    const gt = this.gtDecoder.decode(readFileSync(pair.gtPath), pair.gtPath);
    const pred = this.predDecoder.decode(readFileSync(pair.predPath), pair.predPath);
    const image = this.imageMatrix;
    if (!image) {
      this.matrix.update(gt, pred, { id: pair.id });
      return null;
    }
    image.reset().update(gt, pred, { id: pair.id });
    this.matrix.merge(image);
    const m = computeParsingMetrics(image, { absentClassPolicy: this.settings.absentClassPolicy });
    return {
      id: pair.id,
      pixels: m.pixels,
      pixelAccuracy: m.pixelAccuracy,
      meanAccuracy: m.meanAccuracy,
      meanIoU: m.meanIoU,
      frequencyWeightedIoU: m.frequencyWeightedIoU,
    };
  }
}
