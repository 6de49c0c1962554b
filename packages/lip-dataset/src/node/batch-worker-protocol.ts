import type { LipLayoutKind, LipSplit } from './detect-lip-layout.js';
import type { LipPipelineName, LipPipelineOptions, ProcessedSample } from './sample-pipeline.js';

/** Sent once to a worker: what to open and which pipeline to run. */
export interface WorkerInit {
  readonly root: string;
  readonly split: LipSplit;
  readonly layout: LipLayoutKind;
  readonly pipeline: LipPipelineName;
  readonly options: LipPipelineOptions;
}

/** A sample to process. */
export interface WorkerJob {
  readonly job: number;
  readonly id: string;
  readonly seed: number;
}

/** The answer to a job: the processed sample, or an error (with the dataset error fields). */
export type WorkerReply =
  | { readonly job: number; readonly sample: ProcessedSample }
  | { readonly job: number; readonly error: { message: string; file: string | null; id: string | null; reason: string | null } };
