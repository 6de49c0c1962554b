import type { BatchIteratorOptions, LipBatch } from './batch-iterator.js';
import { deserializeError, runBatchJob, type BatchJob, type BatchJobResult } from './batch-job.js';
import type { WorkerInit } from './batch-worker-protocol.js';
import { LipDatasetError } from './lip-dataset-error.js';
import type { LipDataset } from './open-lip-dataset.js';
import { SeededRandom, deriveSeed } from '@lip/schema';
import { WorkerPool } from '@lip/schema/node';

/** Options of `createBatchLoader`: those of `iterateBatches` except the epoch, given per epoch. */
export type BatchLoaderOptions = Omit<BatchIteratorOptions, 'epoch'>;

/**
 * Batches of a dataset split, epoch after epoch, from one set of worker threads that stays alive
 * (warm decoders and JIT-compiled augmentation) until `close()`.
 */
export interface BatchLoader extends AsyncDisposable {
  readonly dataset: LipDataset;
  /** Worker threads running (0 on the main thread, or once closed). */
  readonly workers: number;
  readonly closed: boolean;
  /**
   * The batches of one epoch: shuffled from (seed, epoch) for training, in dataset order for
   * evaluation. Leaving the loop early (`break`) keeps the workers for the next epoch. An error
   * (an unreadable sample without `skipInvalid`, a failed worker) closes the loader before it
   * reaches you.
   */
  epoch(epoch?: number): AsyncGenerator<LipBatch, void, undefined>;
  /** Terminates the worker threads (idempotent). Also `await using loader = createBatchLoader(…)`. */
  close(): Promise<void>;
}

interface JobRunner {
  run(job: BatchJob): Promise<BatchJobResult>;
  close(): Promise<void>;
  readonly workers: number;
}

function defaultWorkerScript(): URL {
  return new URL('./batch-worker.js', import.meta.url);
}

function mainThreadRunner(dataset: LipDataset, options: BatchLoaderOptions): JobRunner {
  let previous: Promise<unknown> = Promise.resolve();
  return {
    workers: 0,
    run(job) {
      const run = runBatchJob(dataset, options.pipeline, options.pipelineOptions ?? {}, job, previous);
      previous = run;
      return run;
    },
    close: async () => {},
  };
}

function workerRunner(dataset: LipDataset, options: BatchLoaderOptions, count: number): JobRunner {
  const init: WorkerInit = {
    root: dataset.layout.root,
    split: dataset.split,
    layout: dataset.layout.kind,
    pipeline: options.pipeline,
    options: options.pipelineOptions ?? {},
  };
  // Kept across epochs; close() lets each worker finish its job and exit (see WorkerPool), never terminating
  // one mid node:zlib call.
  const pool = new WorkerPool<BatchJob, BatchJobResult>(options.workerScript ?? defaultWorkerScript(), { size: count, workerData: init, name: 'batch' });
  let closed = false;
  return {
    get workers() {
      return closed || pool.error ? 0 : pool.size;
    },
    run: (job) => pool.run(job),
    close: () => {
      closed = true;
      return pool.close();
    },
  };
}

interface Slot {
  readonly result: BatchJobResult;
  readonly slot: number;
}

function sampleCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A job's arrays as a batch as they are (no copy): the common case of a full job without failures. */
function wholeJob(result: BatchJobResult): LipBatch {
  const shapes: Record<string, number[]> = {};
  for (const [key, shape] of Object.entries(result.sampleShapes)) shapes[key] = [result.ids.length, ...shape];
  return { ids: result.ids, arrays: result.arrays, shapes, meta: result.meta as Record<string, unknown>[] };
}

/** Copies samples from several jobs into a new batch (after skipped samples shifted the batches). */
function assemble(slots: readonly Slot[]): LipBatch {
  const first = slots[0]!;
  const arrays: Record<string, Float32Array | Uint8Array> = {};
  const shapes: Record<string, number[]> = {};
  const firstShapes = first.result.sampleShapes;
  const firstId = first.result.ids[first.slot]!;
  for (const [key, shape] of Object.entries(firstShapes)) {
    const per = sampleCount(shape);
    const out = first.result.arrays[key] instanceof Float32Array ? new Float32Array(per * slots.length) : new Uint8Array(per * slots.length);
    slots.forEach(({ result, slot }, i) => {
      const a = result.arrays[key];
      const s = result.sampleShapes[key];
      if (!a || !s || s.join() !== shape.join() || (a instanceof Float32Array) !== (out instanceof Float32Array)) {
        throw new Error(`batch: sample "${result.ids[slot]}" has a different "${key}" shape than "${firstId}"`);
      }
      out.set(a.subarray(slot * per, (slot + 1) * per), i * per);
    });
    arrays[key] = out;
    shapes[key] = [slots.length, ...shape];
  }
  return { ids: slots.map((s) => s.result.ids[s.slot]!), arrays, shapes, meta: slots.map((s) => s.result.meta[s.slot]!) };
}

/**
 * Creates a loader of batches for a dataset split: `for (const e of epochs) for await (const b of
 * loader.epoch(e)) …`, then `await loader.close()`. Each sample's augmentation is seeded from
 * (seed, epoch, index in the split), so batches are identical whatever the number of workers.
 */
export function createBatchLoader(dataset: LipDataset, options: BatchLoaderOptions): BatchLoader {
  const { pipeline, batchSize } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`iterateBatches: batchSize must be a positive integer, got ${batchSize}`);
  const seed = options.seed ?? 0;
  const training = pipeline.endsWith('-train');
  const shuffle = options.shuffle ?? training;
  const dropLast = options.dropLast ?? shuffle;
  const workerCount = Math.max(0, Math.floor(options.workers ?? 0));
  // Batches prepared ahead of the consumer, besides the one each worker is busy with.
  const inFlightLimit = Math.max(1, options.prefetch ?? 2) + workerCount;
  const runner = workerCount > 0 ? workerRunner(dataset, options, workerCount) : mainThreadRunner(dataset, options);
  let closed = false;
  let nextJob = 0;

  const close = async (): Promise<void> => {
    closed = true;
    await runner.close();
  };

  async function* epochBatches(epoch: number): AsyncGenerator<LipBatch, void, undefined> {
    if (closed) throw new Error('batch loader: closed (create a new one)');
    const order = dataset.ids.map((_, i) => i);
    if (shuffle) new SeededRandom(deriveSeed(seed, epoch, 0x5eed)).shuffle(order);
    // Samples a dropped last batch would hold are never read, unless skipped samples need replacing.
    const count = dropLast && !dataset.skipInvalid ? order.length - (order.length % batchSize) : order.length;
    const jobs: BatchJob[] = [];
    for (let start = 0; start < count; start += batchSize) {
      const items = order.slice(start, Math.min(count, start + batchSize)).map((index) => ({ id: dataset.ids[index]!, seed: deriveSeed(seed, epoch, index) }));
      jobs.push({ job: nextJob++, items });
    }
    const inFlight: Promise<BatchJobResult>[] = [];
    let launched = 0;
    const launch = (): void => {
      while (inFlight.length < inFlightLimit && launched < jobs.length) {
        const p = runner.run(jobs[launched++]!);
        p.catch(() => {}); // observed when its turn comes; abandoned ones must not be unhandled
        inFlight.push(p);
      }
    };
    let carry: Slot[] = [];
    try {
      launch();
      while (inFlight.length > 0) {
        const result = await inFlight.shift()!;
        launch();
        for (const f of result.failed) {
          const error = deserializeError(f.error);
          if (!(error instanceof LipDatasetError)) throw error;
          dataset.reportInvalid(error); // throws unless skipInvalid
        }
        if (carry.length === 0 && result.failed.length === 0 && result.ids.length === batchSize) {
          yield wholeJob(result);
          continue;
        }
        const failed = new Set(result.failed.map((f) => f.slot));
        for (let slot = 0; slot < result.ids.length; slot++) if (!failed.has(slot)) carry.push({ result, slot });
        while (carry.length >= batchSize) {
          yield assemble(carry.slice(0, batchSize));
          carry = carry.slice(batchSize);
        }
      }
      if (carry.length > 0 && !dropLast) yield assemble(carry);
    } catch (error) {
      await close();
      throw error;
    }
  }

  const loader: BatchLoader = {
    dataset,
    get workers() {
      return closed ? 0 : runner.workers;
    },
    get closed() {
      return closed;
    },
    epoch: (epoch = 0) => epochBatches(epoch),
    close,
    [Symbol.asyncDispose]: close,
  };
  return loader;
}
