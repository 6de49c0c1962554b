import * as tf from '@tensorflow/tfjs-core';
import { iterateBatches, type LipDataset } from '@lip/dataset/node';
import type { BatchFactory, BatchRequest, TrainingBatch } from '@lip/runtime/training';

/** One SS-NAN training batch: images [B, S, S, 3] (RGB − mean) and labels [B, S, S] int32 (240 = padding). */
export type SsnanTrainingBatch = TrainingBatch<tf.Tensor3D> & { readonly inputs: tf.Tensor4D };

export interface SsnanTrainingBatchOptions {
  readonly batchSize: number;
  /** Square training side (the reference: 320). */
  readonly size: number;
  /** Decode / augmentation worker threads. */
  readonly workers: number;
}

/**
 * The batch factory `@lip/runtime`'s `train()` asks for per epoch: the SS-NAN training augmentation of
 * `@lip/dataset` (random scale, centred pad or random crop to `size`, flip with left/right swap, RGB mean),
 * shuffled and augmented from (seed, epoch), so a resumed run sees the same batches. The first `skip`
 * batches (already trained on before a resume) are drawn and dropped without making tensors.
 */
export function ssnanTrainingBatches(dataset: LipDataset, options: SsnanTrainingBatchOptions): BatchFactory<SsnanTrainingBatch> {
  return async function* ({ epoch, skip, seed }: BatchRequest) {
    let index = 0;
    const batches = iterateBatches(dataset, {
      pipeline: 'ssnan-train',
      batchSize: options.batchSize,
      seed,
      epoch,
      workers: options.workers,
      pipelineOptions: { ssnanTrain: { size: options.size } },
    });
    for await (const batch of batches) {
      if (index++ < skip) continue;
      const images = batch.arrays.images as Float32Array;
      const labels = batch.arrays.labels as Uint8Array;
      const [b, h, w] = batch.shapes.labels as [number, number, number];
      yield {
        inputs: tf.tensor4d(images, [b, h, w, 3]),
        targets: tf.tensor3d(Int32Array.from(labels), [b, h, w], 'int32'),
      };
    }
  };
}

/** Batches in one epoch (the reference's `STEPS_PER_EPOCH = len(train) / BATCH_SIZE`, incomplete batch dropped). */
export function stepsPerEpochOf(dataset: LipDataset, batchSize: number): number {
  return Math.floor(dataset.ids.length / batchSize);
}
