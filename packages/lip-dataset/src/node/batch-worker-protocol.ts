import type { BatchJobResult } from './batch-job.js';
import type { LipLayoutKind, LipSplit } from './detect-lip-layout.js';
import type { LipPipelineName, LipPipelineOptions } from './sample-pipeline.js';

/** Sent once to a worker: what to open and which pipeline to run. */
export interface WorkerInit {
  readonly root: string;
  readonly split: LipSplit;
  readonly layout: LipLayoutKind;
  readonly pipeline: LipPipelineName;
  readonly options: LipPipelineOptions;
}

/**
 * The answer to a job (a `BatchJob` message): its stacked samples, whose array buffers are
 * transferred, not copied; or the error that stopped the job (samples that merely failed to read
 * are listed in the result instead).
 */
export type WorkerReply =
  | { readonly job: number; readonly result: BatchJobResult }
  | { readonly job: number; readonly error: { readonly message: string; readonly stack?: string } };

/**
 * Sent by `BatchWorkerPool.close()`: the worker closes its port and exits once its current job is done. Terminating a
 * worker instead can interrupt node:zlib mid-call, which aborts the whole process ("close before init").
 */
export interface WorkerClose {
  readonly close: true;
}
