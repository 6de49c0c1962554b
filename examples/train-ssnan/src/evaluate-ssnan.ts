import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { ConfusionMatrix, metricsToJSONValue, type ParsingMetrics } from '@lip/metrics';
import { predictSsnan } from '@lip/nan-head';
import { useBackend, type BackendRequest } from '@lip/runtime';
import type { SsnanArchitecture } from './architecture.js';
import { resolveModelSource } from './model-source.js';
import { openDatasetSplit } from './open-dataset-split.js';
import { openSsnanModel } from './open-ssnan-model.js';
import { TrainSsnanError } from './train-ssnan-error.js';
import type { LabelMap, RgbImage } from '@lip/schema';
import { LIP_CLASS_NAMES } from '@lip/schema';
import { encodeLabelPng, encodePalettePng } from '@lip/schema/node';

export interface EvaluateSsnanOptions {
  /** Trained weights: a checkpoint or run directory, `last`, or a `.h5` file. */
  readonly model: string;
  /** LIP root in any layout; its val split is evaluated. */
  readonly dataset: string;
  /** The first N val images; 0 (default) = all of them (`LIP.py evaluate --evalnum`). */
  readonly evalNum?: number;
  /** Write `labels/<id>.png` (class ids), `palette/<id>.png` (LIP colours, ids kept) and `metrics.json` here. */
  readonly saveDir?: string;
  /** Run directory for `--model last`. */
  readonly runDir?: string;
  /** Architecture for files without a run directory, when their shapes do not say. */
  readonly architecture?: Partial<SsnanArchitecture>;
  /** `resize_image` min_dim. Default 120 (`LIP.py evaluate`). */
  readonly minDim?: number;
  /** `resize_image` max_dim: long-side cap and padded square side. Default 640 (`LIP.py evaluate`). */
  readonly maxDim?: number;
  /** Backend to select first. Default: keep the current one. */
  readonly backend?: BackendRequest;
  readonly log?: (message: string) => void;
  /** After every image, with its prediction at the original resolution. */
  readonly onImage?: (image: EvaluatedImage) => void | Promise<void>;
  readonly cwd?: string;
}

export interface EvaluatedImage {
  readonly id: string;
  readonly index: number;
  readonly total: number;
  readonly image: RgbImage;
  readonly groundTruth: LabelMap;
  readonly prediction: LabelMap;
}

export interface EvaluationResult {
  readonly model: string;
  readonly images: number;
  /** Official LIP metrics (ignore 255, absent classes skipped: `@lip/metrics`' defaults). */
  readonly metrics: ParsingMetrics;
  readonly confusionMatrix: ConfusionMatrix;
  readonly seconds: number;
}

/**
 * `LIP.py evaluate`: each val image goes through SS-NAN's inference exactly as the reference
 * (`resize_image(min 120, max 640)` with centred padding and the RGB mean, the 0.5/0.75/1.0 NAN, the padding
 * window cropped from `mask_prob`, `zoom(order=2)` back to the original size, argmax) via `@lip/nan-head`'s
 * `predictSsnan`; the confusion matrix is summed over the images and the metrics follow the official LIP
 * `test_human.py` (`@lip/metrics`).
 */
export async function evaluateSsnan(options: EvaluateSsnanOptions): Promise<EvaluationResult> {
  const log = options.log ?? ((m: string) => console.error(m));
  const evalNum = options.evalNum ?? 0;
  if (!Number.isInteger(evalNum) || evalNum < 0) throw new TrainSsnanError(`--evalnum must be a non-negative integer (0 = the whole val split), got ${options.evalNum}`);
  const minDim = options.minDim ?? 120;
  const maxDim = options.maxDim ?? 640;
  if (!Number.isInteger(maxDim) || maxDim < 16) throw new TrainSsnanError(`--max-dim must be an integer ≥ 16, got ${options.maxDim}`);
  if (!Number.isInteger(minDim) || minDim < 1) throw new TrainSsnanError(`--min-dim must be a positive integer, got ${options.minDim}`);
  const cwd = options.cwd ?? process.cwd();
  if (options.backend) {
    try {
      log(`backend: ${(await useBackend(options.backend)).backend}`);
    } catch (e) {
      throw new TrainSsnanError(`--backend ${options.backend}: ${(e as Error).message}`);
    }
  }
  const dataset = await openDatasetSplit(options.dataset, 'val', true);
  const source = await resolveModelSource(options.model, { ...(options.runDir ? { runDir: options.runDir } : {}), cwd });
  const { ssnan, report } = await openSsnanModel(source, options.architecture);
  log(`model: ${source.description}; ${report.loaded.length} weights loaded`);
  const ids = evalNum === 0 ? dataset.ids : dataset.ids.slice(0, evalNum);
  const saveDir = options.saveDir ? resolve(cwd, options.saveDir) : null;
  if (saveDir) {
    await mkdir(join(saveDir, 'labels'), { recursive: true });
    await mkdir(join(saveDir, 'palette'), { recursive: true });
  }
  const matrix = new ConfusionMatrix(ssnan.config.numClasses);
  const started = performance.now();
  try {
    for (let index = 0; index < ids.length; index++) {
      const id = ids[index]!;
      const sample = await dataset.read(id);
      if (!sample.label) throw new TrainSsnanError(`${dataset.imagePath(id)}: no label for val image ${id}`);
      const { labels } = await predictSsnan(ssnan, sample.image, { minDim, maxDim });
      matrix.update(sample.label, labels, { id });
      if (saveDir) {
        await writeFile(join(saveDir, 'labels', `${id}.png`), encodeLabelPng(labels));
        await writeFile(join(saveDir, 'palette', `${id}.png`), encodePalettePng(labels));
      }
      await options.onImage?.({ id, index, total: ids.length, image: sample.image, groundTruth: sample.label, prediction: labels });
    }
  } finally {
    ssnan.dispose();
  }
  const metrics = matrix.compute();
  const seconds = (performance.now() - started) / 1000;
  if (saveDir) {
    await writeFile(join(saveDir, 'metrics.json'), `${JSON.stringify(evaluationToJSON({ model: source.description, images: ids.length, metrics, confusionMatrix: matrix, seconds }), null, 2)}\n`);
  }
  log(`evaluated ${ids.length} images in ${seconds.toFixed(1)} s on ${tf.getBackend()}`);
  return { model: source.description, images: ids.length, metrics, confusionMatrix: matrix, seconds };
}

/** The JSON form of a result (`--json`, metrics.json): fractions in [0, 1], null for NaN, class names. */
export function evaluationToJSON(result: EvaluationResult): Record<string, unknown> {
  const { metrics } = result;
  return metricsToJSONValue({
    model: result.model,
    images: result.images,
    pixels: metrics.pixels,
    pixelAccuracy: metrics.pixelAccuracy,
    meanAccuracy: metrics.meanAccuracy,
    meanIoU: metrics.meanIoU,
    frequencyWeightedIoU: metrics.frequencyWeightedIoU,
    absentClassPolicy: metrics.absentClassPolicy,
    classes: metrics.classes.map((c) => ({ id: c.id, name: className(c.id), iou: c.iou, accuracy: c.accuracy, gtPixels: c.gtPixels, predPixels: c.predPixels })),
    seconds: result.seconds,
    confusionMatrix: result.confusionMatrix.toJSON(),
  }) as Record<string, unknown>;
}

function className(id: number): string {
  return LIP_CLASS_NAMES[id] ?? `class ${id}`;
}

const pct = (v: number) => (Number.isNaN(v) ? '   –  ' : `${(100 * v).toFixed(2).padStart(6)}`);

/** The reference's headline: pixel accuracy, mean accuracy, mIoU (%). */
export function formatHeadline(metrics: ParsingMetrics): string {
  return `PixelAcc ${pct(metrics.pixelAccuracy).trim()} %  MeanAcc ${pct(metrics.meanAccuracy).trim()} %  mIoU ${pct(metrics.meanIoU).trim()} %`;
}

/** A per-class table: id, name, IoU, accuracy, ground-truth pixels ('–' = class absent, skipped by the means). */
export function formatClassTable(metrics: ParsingMetrics): string {
  const lines = ['  id  class            IoU %   Acc %   GT pixels'];
  for (const c of metrics.classes) {
    lines.push(`  ${String(c.id).padStart(2)}  ${className(c.id).padEnd(15)} ${pct(c.iou)}  ${pct(c.accuracy)}  ${String(c.gtPixels).padStart(10)}`);
  }
  return lines.join('\n');
}
