import { decideSsnanTrain, applySsnanTrainInto } from '../augment/ssnan-train.js';
import { LipDatasetError } from './lip-dataset-error.js';
import type { LipDataset } from './open-lip-dataset.js';
import { readPipelineInputs, runPipeline, type LipPipelineName, type LipPipelineOptions, type PipelineInputs } from './sample-pipeline.js';
import { SSNAN_TRAIN_SIZE, SeededRandom } from '@lip/schema';

/** Consecutive samples of an epoch, processed together into one set of batch arrays. */
export interface BatchJob {
  readonly job: number;
  readonly items: readonly { readonly id: string; readonly seed: number }[];
}

/** A sample of a job that could not be read: its slot holds no data. */
export interface FailedSlot {
  readonly slot: number;
  readonly error: { message: string; file: string | null; id: string | null; reason: string | null };
}

/** The samples of a job stacked on a leading axis (`items.length` slots), failed slots left empty. */
export interface BatchJobResult {
  readonly job: number;
  readonly ids: readonly string[];
  readonly arrays: Record<string, Float32Array | Uint8Array>;
  /** Shape of one sample per array (no batch axis). */
  readonly sampleShapes: Record<string, number[]>;
  readonly meta: readonly (Record<string, unknown> | null)[];
  readonly failed: readonly FailedSlot[];
}

/** Decodes this many samples ahead of the one being augmented (sharp decodes on the thread pool). */
const DECODE_AHEAD = 2;

function serializeError(error: unknown): FailedSlot['error'] {
  const e = error instanceof Error ? error : new Error(String(error));
  const dataset = error instanceof LipDatasetError;
  return { message: e.message, file: dataset ? error.file : null, id: dataset ? error.id : null, reason: dataset ? error.reason : null };
}

/** Rebuilds the error of a failed slot (a `LipDatasetError` when it was one). */
export function deserializeError(error: FailedSlot['error']): Error {
  if (error.file !== null && error.reason !== null) return new LipDatasetError(error.file, error.id, error.reason);
  return new Error(error.message);
}

/**
 * Stacks samples slot by slot into arrays allocated once per job. SS-NAN training writes each
 * sample straight into its slot; other pipelines produce per-sample arrays that are copied in.
 */
class BatchArrays {
  readonly arrays: Record<string, Float32Array | Uint8Array> = {};
  readonly sampleShapes: Record<string, number[]> = {};
  private firstId: string | null = null;

  constructor(private readonly count: number) {}

  /** Allocates the arrays at the first sample's shapes; later samples must have the same. */
  ensure(id: string, shapes: Record<string, number[]>, float: (key: string) => boolean): void {
    if (this.firstId === null) {
      this.firstId = id;
      for (const [key, shape] of Object.entries(shapes)) {
        const per = shape.reduce((a, b) => a * b, 1);
        this.arrays[key] = float(key) ? new Float32Array(per * this.count) : new Uint8Array(per * this.count);
        this.sampleShapes[key] = shape;
      }
      return;
    }
    const keys = Object.keys(shapes);
    const same =
      keys.length === Object.keys(this.sampleShapes).length &&
      keys.every((k) => this.sampleShapes[k] !== undefined && shapes[k]!.join() === this.sampleShapes[k]!.join());
    if (!same) throw new Error(`batch: sample "${id}" has different array shapes than "${this.firstId}"`);
  }

  copy(slot: number, arrays: Record<string, Float32Array | Uint8Array>): void {
    for (const [key, a] of Object.entries(arrays)) {
      const out = this.arrays[key]!;
      if ((a instanceof Float32Array) !== (out instanceof Float32Array)) throw new Error(`batch: "${key}" changes type between samples`);
      out.set(a, slot * a.length);
    }
  }
}

function writeSample(batch: BatchArrays, slot: number, inputs: PipelineInputs, pipeline: LipPipelineName, seed: number, options: LipPipelineOptions): Record<string, unknown> {
  if (pipeline === 'ssnan-train') {
    const o = options.ssnanTrain ?? {};
    const size = o.size ?? SSNAN_TRAIN_SIZE;
    const { image, label } = inputs.sample;
    const decisions = decideSsnanTrain(image.width, image.height, new SeededRandom(seed), o);
    batch.ensure(inputs.id, { images: [size, size, 3], labels: [size, size] }, (k) => k === 'images');
    const target = { image: batch.arrays.images as Float32Array, imageOffset: slot * size * size * 3, label: batch.arrays.labels as Uint8Array, labelOffset: slot * size * size };
    applySsnanTrainInto(image, label!, decisions, target, o);
    return { decisions };
  }
  const sample = runPipeline(inputs, pipeline, seed, options);
  batch.ensure(inputs.id, sample.shapes, (k) => sample.arrays[k] instanceof Float32Array);
  batch.copy(slot, sample.arrays);
  return sample.meta;
}

/**
 * Runs a job: reads and decodes its samples a few ahead, augments each into its slot. A sample
 * that fails to read is reported as a failed slot (the iterator decides whether that is fatal);
 * any other error rejects the job. With `after` (the previous job), the first samples are decoded
 * at once but augmenting waits for it: jobs run one after another without a cold start.
 */
export async function runBatchJob(
  dataset: LipDataset,
  pipeline: LipPipelineName,
  options: LipPipelineOptions,
  job: BatchJob,
  after?: Promise<unknown>,
): Promise<BatchJobResult> {
  const { items } = job;
  const batch = new BatchArrays(items.length);
  const meta: (Record<string, unknown> | null)[] = new Array<Record<string, unknown> | null>(items.length).fill(null);
  const failed: FailedSlot[] = [];
  const reads: Promise<PipelineInputs>[] = [];
  const startRead = (i: number): void => {
    if (i < items.length && reads[i] === undefined) {
      const p = readPipelineInputs(dataset, items[i]!.id, pipeline);
      p.catch(() => {}); // awaited in order below
      reads[i] = p;
    }
  };
  for (let i = 0; i < Math.min(DECODE_AHEAD, items.length); i++) startRead(i);
  if (after) await after.catch(() => {});
  for (let i = 0; i < items.length; i++) {
    startRead(i + DECODE_AHEAD);
    startRead(i);
    let inputs: PipelineInputs;
    try {
      inputs = await reads[i]!;
    } catch (error) {
      if (!(error instanceof LipDatasetError)) throw error;
      failed.push({ slot: i, error: serializeError(error) });
      continue;
    }
    meta[i] = writeSample(batch, i, inputs, pipeline, items[i]!.seed, options);
  }
  return { job: job.job, ids: items.map((it) => it.id), arrays: batch.arrays, sampleShapes: batch.sampleShapes, meta, failed };
}
