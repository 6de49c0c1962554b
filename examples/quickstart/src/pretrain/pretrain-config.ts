import type { SsnanArchitecture } from '@lip/example-train-ssnan';
import type { SyntheticDataSpec } from '../synthetic-data.js';

/** What `npm run pretrain` trains the SS-NAN starting point with. */
export interface SsnanPretrainConfig {
  readonly data: SyntheticDataSpec;
  readonly architecture: Partial<SsnanArchitecture>;
  readonly size: number;
  readonly batchSize: number;
  readonly epochs: number;
  readonly stepsPerEpoch: number;
  readonly learningRate: number;
  readonly checkpointEverySteps: number;
  /** Steps of the `finetune` step (NAN head) that completes the shipped model, and that measures each checkpoint. */
  readonly headFinetuneSteps: number;
  readonly seed: number;
}

/**
 * The SS-NAN starting point: SS-NAN's `pretrain` step (trunk + per-scale class head, scales 1 / 0.75 / 0.5) from
 * scratch, then its `finetune` step (the NAN head, which `pretrain` leaves untrained) so that the shipped model
 * parses, on a 192-px synthetic mini-LIP, whose resolution ceiling is 0.69 mIoU (examples/quickstart/README.md),
 * in the quickstart's architecture. About 0.2 s a step on native TensorFlow on 2 cores (10,000 steps: ~40 min).
 */
export const SSNAN_PRETRAIN_CONFIG: SsnanPretrainConfig = Object.freeze<SsnanPretrainConfig>({
  data: { size: 192, train: 2000, val: 50, seed: 1 },
  architecture: { widthMultiplier: 0.125, blocksPerStage: [1, 1, 1, 1] },
  size: 192,
  batchSize: 8,
  epochs: 40,
  stepsPerEpoch: 250,
  // SS-NAN's own base rate. 0.01 (the quickstart's, at 64 px) diverges here: the loss stayed at 8 for 700 steps,
  // where 0.002 took it from 3.5 to 1.9 in 250.
  learningRate: 0.002,
  checkpointEverySteps: 1000,
  headFinetuneSteps: 100,
  seed: 1,
});
