import { prepareJppnetEval, type JppnetEvalOptions } from '../augment/jppnet-eval.js';
import { augmentJppnetTrain, type JppnetTrainOptions } from '../augment/jppnet-train.js';
import { augmentSsnanTrain, type SsnanTrainOptions } from '../augment/ssnan-train.js';
import type { LipDataset, LipSample } from './open-lip-dataset.js';
import { LipDatasetError } from './lip-dataset-error.js';
import { prepareSsnanEval, type SsnanEvalOptions } from '@lip/image';
import type { LabelMap } from '@lip/schema';

/** The pre-processing pipelines a batch iterator can run. */
export type LipPipelineName = 'ssnan-train' | 'ssnan-eval' | 'jppnet-train' | 'jppnet-eval';

export interface LipPipelineOptions {
  readonly ssnanTrain?: SsnanTrainOptions;
  readonly ssnanEval?: SsnanEvalOptions;
  readonly jppnetTrain?: JppnetTrainOptions;
  readonly jppnetEval?: JppnetEvalOptions;
}

/** One processed sample: named arrays with their shapes (stackable across a batch) plus metadata. */
export interface ProcessedSample {
  readonly id: string;
  readonly arrays: Record<string, Float32Array | Uint8Array>;
  readonly shapes: Record<string, number[]>;
  readonly meta: Record<string, unknown>;
}

/** What a pipeline needs of one sample, read and decoded. */
export interface PipelineInputs {
  readonly id: string;
  readonly sample: LipSample;
  /** JPPNet training only: the 16 heatmaps at the image size (null without pose). */
  readonly heatmaps?: Uint8Array | null;
  /** JPPNet training only: the `labels_rev` label when the layout has that folder. */
  readonly labelRev?: LabelMap;
}

/** Reads and decodes what `pipeline` needs of one sample (errors name the file and id). */
export async function readPipelineInputs(dataset: LipDataset, id: string, pipeline: LipPipelineName): Promise<PipelineInputs> {
  const sample = await dataset.read(id);
  const needLabel = pipeline === 'ssnan-train' || pipeline === 'jppnet-train';
  if (needLabel && !sample.label) throw new LipDatasetError(dataset.imagePath(id), id, `the ${pipeline} pipeline needs labels; the ${dataset.split} split has none`);
  if (pipeline !== 'jppnet-train') return { id, sample };
  const heatmaps = await dataset.readHeatmaps(id, sample.image.width, sample.image.height);
  const labelRev = dataset.layout.labelsRevDir ? await dataset.readLabelRev(id, sample.label!) : undefined;
  return { id, sample, heatmaps, ...(labelRev ? { labelRev } : {}) };
}

/**
 * Reads one sample and runs a pipeline on it, deterministically from `seed`. Used by the batch
 * iterator on the main thread and in worker threads.
 */
export async function processSample(
  dataset: LipDataset,
  id: string,
  pipeline: LipPipelineName,
  seed: number,
  options: LipPipelineOptions = {},
): Promise<ProcessedSample> {
  return runPipeline(await readPipelineInputs(dataset, id, pipeline), pipeline, seed, options);
}

/** Runs a pipeline on decoded inputs (synchronous). */
export function runPipeline(inputs: PipelineInputs, pipeline: LipPipelineName, seed: number, options: LipPipelineOptions = {}): ProcessedSample {
  const { id, sample } = inputs;
  switch (pipeline) {
    case 'ssnan-train': {
      const out = augmentSsnanTrain(sample.image, sample.label!, seed, options.ssnanTrain);
      return {
        id,
        arrays: { images: out.image, labels: out.label },
        shapes: { images: [out.size, out.size, 3], labels: [out.size, out.size] },
        meta: { decisions: out.decisions },
      };
    }
    case 'ssnan-eval': {
      const out = prepareSsnanEval(sample.image, sample.label, options.ssnanEval);
      const arrays: Record<string, Float32Array | Uint8Array> = { images: out.image };
      const shapes: Record<string, number[]> = { images: [out.size, out.size, 3] };
      if (out.label) {
        arrays.labels = out.label;
        shapes.labels = [out.size, out.size];
      }
      return { id, arrays, shapes, meta: { geometry: out.geometry, originalWidth: out.originalWidth, originalHeight: out.originalHeight } };
    }
    case 'jppnet-train': {
      const heatmaps = inputs.heatmaps ?? null;
      const out = augmentJppnetTrain(sample.image, sample.label!, heatmaps, seed, { ...options.jppnetTrain, ...(inputs.labelRev ? { labelRev: inputs.labelRev } : {}) });
      const n = out.inputSize;
      const h = out.heatmapSize;
      return {
        id,
        arrays: { images: out.image, labels: out.label, heatmaps: out.heatmaps },
        shapes: { images: [n, n, 3], labels: [n, n], heatmaps: [h, h, 16] },
        meta: { decisions: out.decisions, hasPose: heatmaps !== null },
      };
    }
    case 'jppnet-eval': {
      const out = prepareJppnetEval(sample.image, options.jppnetEval);
      const arrays: Record<string, Float32Array | Uint8Array> = {};
      const shapes: Record<string, number[]> = {};
      out.inputs.forEach((input, i) => {
        arrays[`images${i}`] = input.image;
        shapes[`images${i}`] = [input.size, input.size, 3];
        if (input.flipped) {
          arrays[`flipped${i}`] = input.flipped;
          shapes[`flipped${i}`] = [input.size, input.size, 3];
        }
      });
      return {
        id,
        arrays,
        shapes,
        meta: { scales: out.inputs.map((i) => i.scale), originalWidth: out.originalWidth, originalHeight: out.originalHeight, label: sample.label },
      };
    }
    default:
      throw new Error(`unknown pipeline "${pipeline as string}"`);
  }
}
