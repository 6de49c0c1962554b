import { createBatchLoader } from './batch-loader.js';
import type { LipDataset } from './open-lip-dataset.js';
import type { LipPipelineName, LipPipelineOptions } from './sample-pipeline.js';

export interface BatchIteratorOptions {
  readonly pipeline: LipPipelineName;
  readonly batchSize: number;
  /** Seed of the shuffle and of every sample's augmentation. Default 0. */
  readonly seed?: number;
  /** Epoch number: a different shuffle and different augmentations per epoch. Default 0. */
  readonly epoch?: number;
  /** Default: true for training pipelines, false (dataset order) for evaluation pipelines. */
  readonly shuffle?: boolean;
  /**
   * Worker threads decoding and augmenting whole batches. 0 = JavaScript on the calling thread
   * (JPEG decoding still runs on libuv's thread pool). Default 0.
   */
  readonly workers?: number;
  /** Batches prepared ahead of the consumer, besides the one each worker is working on. Default 2. */
  readonly prefetch?: number;
  /** Drop a last, incomplete batch. Default: true when shuffling, false otherwise. */
  readonly dropLast?: boolean;
  readonly pipelineOptions?: LipPipelineOptions;
  /** Override of the worker script (a file path or URL); by default the one next to this module. */
  readonly workerScript?: string | URL;
}

/** A batch: arrays stacked on a leading batch axis, with their shapes, plus per-sample metadata. */
export interface LipBatch {
  readonly ids: readonly string[];
  readonly arrays: Record<string, Float32Array | Uint8Array>;
  /** Shape per array, batch axis first (e.g. images `[B, 320, 320, 3]`). */
  readonly shapes: Record<string, number[]>;
  readonly meta: readonly Record<string, unknown>[];
}

/**
 * Iterates a dataset split in batches through a pre-processing pipeline, for one epoch. Training
 * pipelines are shuffled per epoch from the seed; evaluation pipelines keep dataset order. Each
 * sample's augmentation is seeded from (seed, epoch, index in the split), so batches are identical
 * whatever the number of workers. With `skipInvalid` on the dataset, unreadable samples are logged,
 * counted in `dataset.invalid` and replaced by the next ones; otherwise the first error is thrown.
 * Worker threads are started for this epoch and terminated when it ends (or the loop is left, or
 * fails); to keep them across epochs, use `createBatchLoader`.
 */
export async function* iterateBatches(dataset: LipDataset, options: BatchIteratorOptions): AsyncGenerator<LipBatch, void, undefined> {
  const loader = createBatchLoader(dataset, options);
  try {
    yield* loader.epoch(options.epoch ?? 0);
  } finally {
    await loader.close();
  }
}
