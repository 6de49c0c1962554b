import { WorkerPool } from '@lip/schema/node';
import { ConfusionMatrix } from '../confusion-matrix.js';
import type { LabelPngPair } from './label-png-pairs.js';
import { LabelPngPairEvaluation, type PairEvaluationSettings, type PerImageRow } from './label-png-pair-evaluation.js';
import type { FromParsingWorker, ToParsingWorker } from './parsing-worker-messages.js';

export interface ParsingFolderEvaluationOptions extends PairEvaluationSettings {
  /** 0 evaluates in the calling thread alone; N >= 1 starts N worker threads, and the calling thread evaluates too. */
  threads: number;
  /** Called after each batch with the number of images done so far. */
  onProgress?: (done: number, total: number) => void;
  /** Worker script; defaults to `parsing-worker.js` next to the built CLI. */
  workerUrl?: URL;
}

export interface ParsingFolderEvaluation {
  matrix: ConfusionMatrix;
  /** Per-image rows in input order (empty unless `perImage`). */
  perImage: PerImageRow[];
}

const BATCH_SIZE = 8;
const BATCHES_AHEAD = 2;

/** Evaluates label PNG pairs, on the calling thread and `threads` worker threads. */
export async function evaluateLabelPngPairs(
  pairs: readonly LabelPngPair[],
  options: ParsingFolderEvaluationOptions,
): Promise<ParsingFolderEvaluation> {
  if (options.threads <= 0) return evaluateInThisThread(pairs, options);
  return evaluateOnWorkers(pairs, options);
}

function evaluateInThisThread(pairs: readonly LabelPngPair[], options: ParsingFolderEvaluationOptions): ParsingFolderEvaluation {
  const evaluation = new LabelPngPairEvaluation(options);
  const perImage: PerImageRow[] = [];
  pairs.forEach((pair, i) => {
    const row = evaluation.add(pair);
    if (row) perImage.push(row);
    if (options.onProgress && ((i + 1) % BATCH_SIZE === 0 || i + 1 === pairs.length)) options.onProgress(i + 1, pairs.length);
  });
  return { matrix: evaluation.matrix, perImage };
}

async function evaluateOnWorkers(pairs: readonly LabelPngPair[], options: ParsingFolderEvaluationOptions): Promise<ParsingFolderEvaluation> {
  const settings: PairEvaluationSettings = {
    numClasses: options.numClasses,
    ignoreIndex: options.ignoreIndex,
    dropOutOfRangeGroundTruth: options.dropOutOfRangeGroundTruth,
    absentClassPolicy: options.absentClassPolicy,
    perImage: options.perImage,
  };
  const workerUrl = options.workerUrl ?? new URL('./parsing-worker.js', import.meta.url);
  const threads = Math.max(1, Math.min(options.threads, Math.ceil(pairs.length / BATCH_SIZE)));
  // On an error, close() lets each worker answer the batches it has before it exits: terminating one in the
  // middle of inflating a PNG can abort the whole process (Node's zlib asserts "close before init").
  const pool = new WorkerPool<ToParsingWorker, FromParsingWorker>(workerUrl, { size: threads, workerData: settings, name: 'decoding' });
  try {
    const rowsById = new Map<string, PerImageRow>();
    // The main thread evaluates too, from its own first batch: it has its modules loaded already, so it works
    // while the workers start (tens of milliseconds each: a worker compiles its own copy of node:zlib, node:fs,
    // ...), and one core needs no worker of its own.
    const mainEvaluation = new LabelPngPairEvaluation(settings);
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let done = 0;
      let running = 0;
      let mainWorking = true;
      let failed = false;
      const fail = (error: unknown): void => {
        failed = true;
        reject(error);
      };
      const finishIfDone = (): void => {
        if (running === 0 && !mainWorking && next >= pairs.length) resolve();
      };
      const progress = (count: number): void => {
        done += count;
        options.onProgress?.(done, pairs.length);
      };
      // Batches queued ahead, so that a worker does not wait for the main thread between batches (the main thread
      // answers only between its own batches); each answer frees a slot on the worker that gave it, which the
      // pool then picks as the least busy.
      const feed = (): void => {
        while (!failed && running < threads * BATCHES_AHEAD && next < pairs.length) {
          const batch = pairs.slice(next, next + BATCH_SIZE);
          next += batch.length;
          running++;
          pool
            .run({ type: 'pairs', pairs: batch })
            .then((answer) => {
              running--;
              if (answer.type === 'done') {
                for (const row of answer.rows) rowsById.set(row.id, row);
                progress(answer.count);
              }
              feed();
            })
            .catch(fail);
        }
        finishIfDone();
      };
      // One batch at a time, yielding in between so that worker answers are handled and the workers fed.
      const work = (): void => {
        if (failed) return;
        if (next >= pairs.length) {
          mainWorking = false;
          finishIfDone();
          return;
        }
        const batch = pairs.slice(next, next + BATCH_SIZE);
        next += batch.length;
        try {
          for (const pair of batch) {
            const row = mainEvaluation.add(pair);
            if (row) rowsById.set(row.id, row);
          }
        } catch (error) {
          fail(error);
          return;
        }
        progress(batch.length);
        setImmediate(work);
      };
      feed();
      setImmediate(work);
    });
    // Each worker's matrix, from the worker that accumulated it.
    const answers = await Promise.all(Array.from({ length: threads }, (_, worker) => pool.run({ type: 'finish' }, { worker })));
    const total = new ConfusionMatrix(options.numClasses, {
      ignoreIndex: options.ignoreIndex,
      outOfRangeGroundTruth: options.dropOutOfRangeGroundTruth ? 'drop' : 'error',
    });
    total.merge(mainEvaluation.matrix);
    for (const answer of answers) if (answer.type === 'result') total.merge(ConfusionMatrix.fromJSON(answer.matrix));
    const perImage = options.perImage ? pairs.map((p) => rowsById.get(p.id)!) : [];
    return { matrix: total, perImage };
  } finally {
    await pool.close();
  }
}
