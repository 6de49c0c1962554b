import type { SsnanArchitecture, SsnanOptimizerChoice } from '@lip/example-train-ssnan';
import type { SyntheticDataSpec } from '../synthetic-data.js';

/** What `npm run pretrain` trains the SS-NAN starting point with. */
export interface SsnanPretrainConfig {
  readonly data: SyntheticDataSpec;
  readonly architecture: Partial<SsnanArchitecture>;
  readonly size: number;
  readonly batchSize: number;
  readonly epochs: number;
  readonly stepsPerEpoch: number;
  /** The pretrain step's optimizer and base rate. */
  readonly optimizer: SsnanOptimizerChoice;
  readonly learningRate: number;
  readonly checkpointEverySteps: number;
  /**
   * Epochs (of `stepsPerEpoch` steps) of the `finetune` step (NAN head) that completes the shipped model, and that
   * measures each checkpoint; with the reference's SGD at `headLearningRate` and its poly decay per epoch, as npm
   * start's steps.
   */
  readonly headFinetuneEpochs: number;
  readonly headLearningRate: number;
  readonly seed: number;
  /** How the shipped web model stores its weights (`lip-convert --dtype`): each model folder must stay ≤ 10 MB. */
  readonly webModelDtype: 'float16' | 'uint8';
}

/**
 * The SS-NAN starting point: SS-NAN's `pretrain` step (trunk + per-scale class head, scales 1 / 0.75 / 0.5) from
 * scratch, then its `finetune` step (the NAN head, which `pretrain` leaves untrained) so that the shipped model
 * parses, on a 192-px synthetic mini-LIP, whose resolution ceiling is 0.69 mIoU (examples/quickstart/README.md),
 * in the quickstart's architecture. Width ×0.25 (conv5: 512 channels): val mIoU 53.1 % after 10,000 steps and the
 * 1,000-step head finetune; with 100 head steps it was 42.9 %, and ×0.125 reached 31.9 %. About 0.3 s a step on native
 * TensorFlow on 2 cores (10,000 steps: ~50 min; the head finetune ~8 min).
 */
export const SSNAN_PRETRAIN_CONFIG: SsnanPretrainConfig = Object.freeze<SsnanPretrainConfig>({
  data: { size: 192, train: 2000, val: 50, seed: 1 },
  architecture: { widthMultiplier: 0.25, blocksPerStage: [1, 1, 1, 1] },
  size: 192,
  batchSize: 8,
  epochs: 40,
  stepsPerEpoch: 250,
  // Adam, not the reference's SGD: from scratch it learns ~10× faster here. Val mIoU after 1,000 steps: 20.7 %
  // (Adam 1e-3) against 12.8 % (SGD 0.002, which took 10,000 steps to 18.9 %; 0.01 diverged at 192 px).
  optimizer: 'adam',
  learningRate: 0.001,
  checkpointEverySteps: 1000,
  // The NAN head learns slowly: from the 10,000-step checkpoint, 100 head steps gave 42.9 % val mIoU, 400 gave
  // 50.4 % and these 4 epochs of 250 gave 53.1 %.
  headFinetuneEpochs: 4,
  headLearningRate: 0.002,
  seed: 1,
  webModelDtype: 'float16', // 5.0 MB
});

/** What `npm run pretrain` trains the JPPNet starting point with (`jppnet train`'s flags, and its evaluation). */
export interface JppnetPretrainConfig {
  readonly data: SyntheticDataSpec;
  /** The network: `--width`, `--head-width`, `--blocks`, `--stages`, `--init`. */
  readonly network: {
    readonly widthMultiplier: number;
    readonly headWidthMultiplier: number;
    readonly blocksPerStage: readonly [number, number, number, number];
    readonly refinementStages: number;
    readonly headInitializer: 'reference' | 'he';
  };
  readonly size: number;
  readonly batchSize: number;
  readonly epochs: number;
  readonly stepsPerEpoch: number;
  readonly optimizer: 'momentum' | 'adam';
  readonly learningRate: number;
  /** `--bn batch` (with `--bn-momentum 0.9`) or the reference's frozen BN. */
  readonly batchNorm: 'batch' | 'frozen';
  readonly parsingWeight: number;
  readonly scales: readonly number[];
  readonly checkpointEverySteps: number;
  readonly seed: number;
  /** How the shipped web model stores its weights (`lip-convert --dtype`): each model folder must stay ≤ 10 MB. */
  readonly webModelDtype: 'float16' | 'uint8';
}

/**
 * The JPPNet starting point: JPPNet-s2's layout (two refinement stages) with a ¼-width trunk of one block per stage
 * and ¼-width heads (5.8 M parameters), from scratch on the same 192-px synthetic mini-LIP, 40 epochs of 250 steps.
 * Adam and `--parsing-weight 10` as examples/jppnet's README measured (the reference's momentum SGD barely moves from
 * scratch; unweighted, the pose terms set the step); batch-statistics BN, as a from-scratch trunk has no statistics
 * to freeze; training at scale 1 only (the reference fuses 1 / 0.75 / 0.5), which costs half as much. With ⅛-width
 * heads (16–64 channels) the last pose stage's ReLUs all died within 750 steps (`fc3_pose/conv4`: 0 of 32 channels
 * ever positive), leaving flat heatmaps: ¼ width gives them twice the channels. A ⅛-width trunk for 4,000 steps
 * underfit at 32.5 % val mIoU (train images: 32.9 %). About 1.3 s a step on native TensorFlow on 2 cores. As
 * float16 the folder would take 11.7 MB, over the 10 MB budget; uint8 keeps the val scores (packages/convert/README.md).
 */
export const JPPNET_PRETRAIN_CONFIG: JppnetPretrainConfig = Object.freeze<JppnetPretrainConfig>({
  data: SSNAN_PRETRAIN_CONFIG.data,
  network: { widthMultiplier: 1 / 4, headWidthMultiplier: 1 / 4, blocksPerStage: [1, 1, 1, 1], refinementStages: 2, headInitializer: 'he' },
  size: 192,
  batchSize: 8,
  epochs: 40,
  stepsPerEpoch: 250,
  optimizer: 'adam',
  learningRate: 0.001,
  batchNorm: 'batch',
  parsingWeight: 10,
  scales: [1],
  checkpointEverySteps: 500,
  seed: 1,
  webModelDtype: 'uint8', // 5.9 MB
});
