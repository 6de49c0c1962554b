import type { ConfusionMatrixJSON } from '../confusion-matrix.js';
import type { LabelPngPair } from './label-png-pairs.js';
import type { PairEvaluationSettings, PerImageRow } from './label-png-pair-evaluation.js';

/** Data given to each parsing worker thread at start. */
export type ParsingWorkerData = PairEvaluationSettings;

/** Main thread -> worker. */
export type ToParsingWorker = { type: 'pairs'; pairs: LabelPngPair[] } | { type: 'finish' };

/** Worker -> main thread. */
export type FromParsingWorker =
  | { type: 'done'; count: number; rows: PerImageRow[] }
  | { type: 'result'; matrix: ConfusionMatrixJSON }
  | { type: 'error'; message: string };
