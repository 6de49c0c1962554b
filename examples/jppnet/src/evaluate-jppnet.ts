import type { LipDataset } from '@lip/dataset/node';
import type { JppnetParser } from '@lip/jppnet';
import { computePckh, ConfusionMatrix, type ParsingMetrics, type PckhResult } from '@lip/metrics';
import { createPoseRecord, type ParseOptions, type PoseRecord } from '@lip/schema';

export interface JppnetEvaluation {
  readonly images: number;
  /** LIP parsing metrics over the images (null when the split has no labels). */
  readonly parsing: ParsingMetrics | null;
  /** LIP PCKh@0.5 over the images (null when the split has no pose CSV). */
  readonly pckh: PckhResult | null;
}

/**
 * Parses each image once with the test procedure of `options` and scores both tasks, as `evaluate-parsing` and
 * `evaluate-pose` do, without writing files.
 */
export async function evaluateJppnet(parser: JppnetParser, dataset: LipDataset, ids: readonly string[], options: ParseOptions): Promise<JppnetEvaluation> {
  const matrix = dataset.hasLabels ? new ConfusionMatrix(parser.config.numClasses) : null;
  const predictions: PoseRecord[] = [];
  const truth: PoseRecord[] = [];
  for (const id of ids) {
    const sample = await dataset.read(id);
    const { segmentation, pose } = await parser.parse(sample.image, options);
    matrix?.update(sample.label!, segmentation.labels);
    if (sample.joints) {
      truth.push(sample.joints);
      predictions.push(createPoseRecord(id, pose));
    }
  }
  return { images: ids.length, parsing: matrix?.compute() ?? null, pckh: truth.length > 0 ? computePckh(truth, predictions) : null };
}
