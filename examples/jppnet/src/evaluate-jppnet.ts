import type { LipDataset } from '@lip/dataset/node';
import type { JppnetParser, JppnetParsingResult } from '@lip/jppnet';
import { computePckh, ConfusionMatrix, type ParsingMetrics, type PckhResult } from '@lip/metrics';
import { createPoseRecord, type ParseOptions, type PoseRecord } from '@lip/schema';

export interface JppnetEvaluation {
  readonly images: number;
  /** LIP parsing metrics over the images (null when the split has no labels). */
  readonly parsing: ParsingMetrics | null;
  /** LIP PCKh@0.5 over the images (null when the split has no pose CSV). */
  readonly pckh: PckhResult | null;
  /** The predicted pose of every image, in order. */
  readonly predictions: readonly PoseRecord[];
}

export interface EvaluateJppnetOptions {
  /** Called with each image's result, e.g. to write its label PNGs. */
  readonly onImage?: (id: string, result: JppnetParsingResult) => void | Promise<void>;
  /** Receives a progress line every 50 images and after the last. */
  readonly log?: (line: string) => void;
}

/**
 * Parses each image once with the test procedure of `options` and scores both tasks: what `evaluate-parsing` and
 * `evaluate-pose` report, and what `npm run pretrain` records for each checkpoint.
 */
export async function evaluateJppnet(
  parser: JppnetParser,
  dataset: LipDataset,
  ids: readonly string[],
  options: ParseOptions,
  { onImage, log }: EvaluateJppnetOptions = {},
): Promise<JppnetEvaluation> {
  const matrix = dataset.hasLabels ? new ConfusionMatrix(parser.config.numClasses) : null;
  const predictions: PoseRecord[] = [];
  const truth: PoseRecord[] = [];
  const started = performance.now();
  for (const [i, id] of ids.entries()) {
    const sample = await dataset.read(id);
    const result = await parser.parse(sample.image, options);
    matrix?.update(sample.label!, result.segmentation.labels);
    predictions.push(createPoseRecord(id, result.pose));
    if (sample.joints) truth.push(sample.joints);
    await onImage?.(id, result);
    if (log && ((i + 1) % 50 === 0 || i + 1 === ids.length)) log(`${i + 1}/${ids.length} images, ${((performance.now() - started) / 1000 / (i + 1)).toFixed(2)} s/image`);
  }
  return { images: ids.length, parsing: matrix?.compute() ?? null, pckh: dataset.hasPose ? computePckh(truth, predictions) : null, predictions };
}
