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
