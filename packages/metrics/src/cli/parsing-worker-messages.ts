import type { ConfusionMatrixJSON } from '../confusion-matrix.js';
import type { LabelPngPair } from './label-png-pairs.js';
import type { PairEvaluationSettings, PerImageRow } from './label-png-pair-evaluation.js';

/** Data given to each parsing worker thread at start. */
export type ParsingWorkerData = PairEvaluationSettings;

/** A job of the parsing worker pool: a batch of pairs to count, or 'finish' (send the worker's matrix). */
export type ToParsingWorker = { type: 'pairs'; pairs: LabelPngPair[] } | { type: 'finish' };

/** The answer to a job ('done' to 'pairs', 'result' to 'finish'); an error rejects the job instead. */
export type FromParsingWorker = { type: 'done'; count: number; rows: PerImageRow[] } | { type: 'result'; matrix: ConfusionMatrixJSON };
