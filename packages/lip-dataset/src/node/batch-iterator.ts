import { Worker } from 'node:worker_threads';
import { SeededRandom, deriveSeed } from '../random/seeded-random.js';
import type { WorkerInit, WorkerJob, WorkerReply } from './batch-worker-protocol.js';
import { LipDatasetError } from './lip-dataset-error.js';
import type { LipDataset } from './open-lip-dataset.js';
import { processSample, type LipPipelineName, type LipPipelineOptions, type ProcessedSample } from './sample-pipeline.js';

export interface BatchIteratorOptions {
  readonly pipeline: LipPipelineName;
  readonly batchSize: number;
  /** Seed of the shuffle and of every sample's augmentation. Default 0. */
  readonly seed?: number;
  /** Epoch number: a different shuffle and different augmentations per epoch. Default 0. */
  readonly epoch?: number;
  /** Default: true for training pipelines, false (dataset order) for evaluation pipelines. */
  readonly shuffle?: boolean;
  /** Worker threads decoding and augmenting. 0 = on the calling thread. Default 0. */
  readonly workers?: number;
  /** Batches prepared ahead of the consumer. Default 2. */
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

interface SampleSource {
  process(id: string, seed: number): Promise<ProcessedSample>;
  close(): Promise<void>;
}

function defaultWorkerScript(): URL {
  return new URL('./batch-worker.js', import.meta.url);
}

function workerPool(dataset: LipDataset, options: BatchIteratorOptions, count: number): SampleSource {
  const init: WorkerInit = {
    root: dataset.layout.root,
    split: dataset.split,
    layout: dataset.layout.kind,
    pipeline: options.pipeline,
    options: options.pipelineOptions ?? {},
  };
  const script = options.workerScript ?? defaultWorkerScript();
  const workers = Array.from({ length: count }, () => new Worker(script, { workerData: init }));
  const pending = new Map<number, { resolve: (s: ProcessedSample) => void; reject: (e: Error) => void }>();
  const load = new Array<number>(count).fill(0);
  let nextJob = 0;
  workers.forEach((w, i) => {
    w.on('message', (reply: WorkerReply) => {
      load[i]!--;
      const p = pending.get(reply.job);
      pending.delete(reply.job);
      if (!p) return;
      if ('sample' in reply) p.resolve(reply.sample);
      else if (reply.error.file !== null && reply.error.reason !== null) p.reject(new LipDatasetError(reply.error.file, reply.error.id, reply.error.reason));
      else p.reject(new Error(reply.error.message));
    });
    w.on('error', (error) => {
      for (const p of pending.values()) p.reject(error);
      pending.clear();
    });
  });
  return {
    process(id, seed) {
      let target = 0;
      for (let i = 1; i < count; i++) if (load[i]! < load[target]!) target = i;
      load[target]!++;
      const job = nextJob++;
      return new Promise((resolve, reject) => {
        pending.set(job, { resolve, reject });
        const message: WorkerJob = { job, id, seed };
        workers[target]!.postMessage(message);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

function stack(samples: ProcessedSample[]): LipBatch {
  const first = samples[0]!;
  const arrays: Record<string, Float32Array | Uint8Array> = {};
  const shapes: Record<string, number[]> = {};
  for (const key of Object.keys(first.arrays)) {
    const per = first.arrays[key]!.length;
    const out = first.arrays[key] instanceof Float32Array ? new Float32Array(per * samples.length) : new Uint8Array(per * samples.length);
    samples.forEach((s, i) => {
      const a = s.arrays[key];
      if (!a || a.length !== per) throw new Error(`batch: sample "${s.id}" has a different "${key}" shape than "${first.id}"`);
      out.set(a, i * per);
    });
    arrays[key] = out;
    shapes[key] = [samples.length, ...first.shapes[key]!];
  }
  return { ids: samples.map((s) => s.id), arrays, shapes, meta: samples.map((s) => s.meta) };
}

/**
 * Iterates a dataset split in batches through a pre-processing pipeline. Training pipelines are
 * shuffled per epoch from the seed; evaluation pipelines keep dataset order. Each sample's
 * augmentation is seeded from (seed, epoch, index in the split), so batches are identical whatever
 * the number of workers. With `skipInvalid` on the dataset, unreadable samples are logged, counted
 * in `dataset.invalid` and replaced by the next ones; otherwise the first error is thrown.
 */
export async function* iterateBatches(dataset: LipDataset, options: BatchIteratorOptions): AsyncGenerator<LipBatch, void, undefined> {
  const { pipeline, batchSize } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`iterateBatches: batchSize must be a positive integer, got ${batchSize}`);
  const seed = options.seed ?? 0;
  const epoch = options.epoch ?? 0;
  const training = pipeline.endsWith('-train');
  const shuffle = options.shuffle ?? training;
  const dropLast = options.dropLast ?? shuffle;
  const order = dataset.ids.map((_, i) => i);
  if (shuffle) new SeededRandom(deriveSeed(seed, epoch, 0x5eed)).shuffle(order);
  const window = Math.max(1, options.prefetch ?? 2) * batchSize;
  const workerCount = Math.max(0, Math.floor(options.workers ?? 0));
  const source: SampleSource =
    workerCount > 0
      ? workerPool(dataset, options, workerCount)
      : { process: (id, s) => processSample(dataset, id, pipeline, s, options.pipelineOptions), close: async () => {} };

  const inFlight: Promise<ProcessedSample | LipDatasetError>[] = [];
  let next = 0;
  const launch = (): void => {
    while (inFlight.length < window && next < order.length) {
      const index = order[next++]!;
      const id = dataset.ids[index]!;
      const p = source.process(id, deriveSeed(seed, epoch, index)).catch((e: unknown) => {
        if (e instanceof LipDatasetError) return e;
        throw e;
      });
      p.catch(() => {}); // observed when consumed; avoid unhandled rejections meanwhile
      inFlight.push(p);
    }
  };
  try {
    let batch: ProcessedSample[] = [];
    launch();
    while (inFlight.length > 0) {
      const result = await inFlight.shift()!;
      launch();
      if (result instanceof LipDatasetError) {
        dataset.reportInvalid(result); // throws unless skipInvalid
        continue;
      }
      batch.push(result);
      if (batch.length === batchSize) {
        yield stack(batch);
        batch = [];
      }
    }
    if (batch.length > 0 && !dropLast) yield stack(batch);
  } finally {
    await source.close();
  }
}
