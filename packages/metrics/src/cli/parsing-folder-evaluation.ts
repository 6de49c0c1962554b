import { Worker } from 'node:worker_threads';
import { ConfusionMatrix } from '../confusion-matrix.js';
import type { LabelPngPair } from './label-png-pairs.js';
import { LabelPngPairEvaluation, type PairEvaluationSettings, type PerImageRow } from './label-png-pair-evaluation.js';
import type { FromParsingWorker, ToParsingWorker } from './parsing-worker-messages.js';

export interface ParsingFolderEvaluationOptions extends PairEvaluationSettings {
  /** 0 evaluates in the calling thread; N >= 1 uses N worker threads. */
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

/** Evaluates label PNG pairs, on worker threads when `threads >= 1`. */
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

function evaluateOnWorkers(pairs: readonly LabelPngPair[], options: ParsingFolderEvaluationOptions): Promise<ParsingFolderEvaluation> {
  const settings: PairEvaluationSettings = {
    numClasses: options.numClasses,
    ignoreIndex: options.ignoreIndex,
    dropOutOfRangeGroundTruth: options.dropOutOfRangeGroundTruth,
    absentClassPolicy: options.absentClassPolicy,
    perImage: options.perImage,
  };
  const workerUrl = options.workerUrl ?? new URL('./parsing-worker.js', import.meta.url);
  const threads = Math.max(1, Math.min(options.threads, Math.ceil(pairs.length / BATCH_SIZE)));
  const total = new ConfusionMatrix(options.numClasses, {
    ignoreIndex: options.ignoreIndex,
    outOfRangeGroundTruth: options.dropOutOfRangeGroundTruth ? 'drop' : 'error',
  });
  const rowsById = new Map<string, PerImageRow>();
  let next = 0;
  let done = 0;
  const finishedWorkers = new Set<Worker>();
  const finishSent = new Set<Worker>();
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    // Messages posted to a worker and not yet answered: each 'pairs' gets one 'done' or 'error', 'finish' one
    // 'result'. A worker is terminated only once it has answered everything, i.e. while it waits for messages:
    // terminating one in the middle of inflating a PNG can abort the whole process (Node's zlib asserts
    // "close before init" while the worker's environment is torn down).
    const unanswered = new Map<Worker, number>();
    const stopped = new Set<Worker>();
    let failure: Error | null = null;
    const post = (worker: Worker, message: ToParsingWorker) => {
      unanswered.set(worker, (unanswered.get(worker) ?? 0) + 1);
      worker.postMessage(message);
    };
    const stopIfIdle = (worker: Worker) => {
      if (failure === null || stopped.has(worker) || (unanswered.get(worker) ?? 0) > 0) return;
      stopped.add(worker);
      void worker.terminate().then(() => {
        if (stopped.size === workers.length) reject(failure);
      });
    };
    const fail = (error: Error) => {
      if (failure !== null) return;
      failure = error;
      for (const w of workers) stopIfIdle(w);
    };
    const feed = (worker: Worker) => {
      if (next < pairs.length) {
        const batch = pairs.slice(next, next + BATCH_SIZE);
        next += batch.length;
        post(worker, { type: 'pairs', pairs: batch });
      } else if (!finishSent.has(worker)) {
        finishSent.add(worker);
        post(worker, { type: 'finish' });
      }
    };
    for (let t = 0; t < threads; t++) {
      const worker = new Worker(workerUrl, { workerData: settings });
      workers.push(worker);
      worker.on('message', (message: FromParsingWorker) => {
        unanswered.set(worker, unanswered.get(worker)! - 1);
        if (message.type === 'error') fail(new Error(message.message));
        if (failure !== null) return stopIfIdle(worker);
        if (message.type === 'done') {
          done += message.count;
          for (const row of message.rows) rowsById.set(row.id, row);
          options.onProgress?.(done, pairs.length);
          return feed(worker);
        }
        if (message.type !== 'result') return;
        total.merge(ConfusionMatrix.fromJSON(message.matrix));
        finishedWorkers.add(worker);
        void worker.terminate();
        if (finishedWorkers.size === threads) {
          const perImage = options.perImage ? pairs.map((p) => rowsById.get(p.id)!) : [];
          resolve({ matrix: total, perImage });
        }
      });
      worker.on('error', (error) => fail(error));
      worker.on('exit', (code) => {
        if (finishedWorkers.has(worker)) return;
        fail(new Error(`a decoding worker exited with code ${code}`));
        // It answers nothing more.
        unanswered.set(worker, 0);
        stopIfIdle(worker);
      });
      // Batches queued ahead, so that a worker does not wait for the main thread between batches (on a busy
      // machine the main thread can take several milliseconds to be scheduled).
      for (let k = 0; k < BATCHES_AHEAD; k++) feed(worker);
    }
  });
}
