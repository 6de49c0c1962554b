import { resolveResnetTrunkConfig, type BatchNormConfig, type ResnetDepth, type ResolvedResnetTrunkConfig } from '@lip/pspnet';
import { deeplabBlockId, scaleChannels } from '@lip/pspnet/internal';
import { JPPNET_INPUT_SIZE } from '@lip/schema';

/** LIP: 20 parsing classes (background + 19 parts) and 16 pose joints. */
export const JPPNET_NUM_CLASSES = 20;
export const JPPNET_NUM_JOINTS = 16;
/** Rates of the summed atrous 3×3 classifiers (`fc1_human_c0..c3`, `parsing_human1..4`). */
export const JPPNET_ASPP_RATES: readonly number[] = Object.freeze([6, 12, 18, 24]);
/** The published model, JPPNet-s2: two refinement stages after stage 1 (3 parsing and 3 pose outputs). */
export const JPPNET_REFINEMENT_STAGES = 2;
/** Name of the DeepLab-v2 trunk model (`jppnet.trunk`; its layers are inlined into `jppnet.model`). */
export const JPPNET_TRUNK_NAME = 'resnet101';

/**
 * How head kernels start:
 * - `'reference'`: as the reference creates them: kaffe convs (`fc1_human_*`, `res5d_*_parsing`) glorot-uniform,
 *   `utils/ops` convs (pose branch, refinements) truncated normal σ = 0.01; biases 0.
 * - `'he'`: He-normal for every head kernel. σ = 0.01 keeps activations alive only at full width
 *   (fan-in ≈ 10⁴); narrow test and quickstart models train from scratch with this instead.
 */
export type HeadInitializer = 'reference' | 'he';

export interface JppnetConfig {
  /** Trunk depth; default 101 (JPPNet's DeepLab-v2 ResNet-101). */
  depth?: ResnetDepth;
  /** Scales every trunk channel count (rounded, at least 1); default 1. */
  widthMultiplier?: number;
  /** Scales the head channels (512/256/128 of the branches and refinements); default `widthMultiplier`. */
  headWidthMultiplier?: number;
  /** Blocks in trunk stages 2..5; default the depth's (3, 4, 23, 3). The pose branch taps the last block of stage 4. */
  blocksPerStage?: readonly [number, number, number, number];
  /** Refinement stages after stage 1 (`fc2_*`, `fc3_*`, …); default 2 (JPPNet-s2). 0 gives stage 1 only. */
  refinementStages?: number;
  /** Default 20 (LIP). */
  numClasses?: number;
  /** Default 16 (LIP). */
  numJoints?: number;
  /** Initial head kernels; default 'reference'. */
  headInitializer?: HeadInitializer;
  /**
   * Trunk BN constants; default slim's momentum (decay) 0.999, epsilon 1e-3. The momentum only matters when
   * training with batch statistics (the reference freezes BN): a short from-scratch run needs e.g. 0.9 for
   * the moving statistics to catch up with the weights.
   */
  batchNorm?: BatchNormConfig;
  /**
   * The square side the network was trained at, which its parser squashes images to unless `parse` is given an
   * `inputSize`; default 384 (JPPNet-s2). Saved with the model, so a model trained at another size parses at it.
   */
  inputSize?: number;
  /** Seeds every initializer, so builds reproduce. */
  seed?: number;
  /** Model name; default 'jppnet'. */
  name?: string;
}

export interface ResolvedJppnetConfig {
  depth: ResnetDepth;
  widthMultiplier: number;
  headWidthMultiplier: number;
  blocksPerStage: [number, number, number, number];
  refinementStages: number;
  numClasses: number;
  numJoints: number;
  headInitializer: HeadInitializer;
  inputSize: number;
  seed: number | undefined;
  name: string;
  /** The trunk layer the pose branch reads: `res4b22_relu` at depth 101. */
  poseTap: string;
  trunk: ResolvedResnetTrunkConfig;
  /** Head channel counts at the head width: c512, c256, c128. */
  headChannels: { c512: number; c256: number; c128: number };
}

function fail(message: string): never {
  throw new Error(`@lip/jppnet: createJppnet: ${message}`);
}

function positiveInteger(value: unknown, what: string): number {
  if (!(Number.isInteger(value) && (value as number) >= 1)) fail(`${what} must be a positive integer, got ${JSON.stringify(value)}`);
  return value as number;
}

function inputSizeOf(value: unknown): number {
  if (value == null) return JPPNET_INPUT_SIZE;
  if (!(Number.isInteger(value) && (value as number) >= 8)) fail(`inputSize must be an integer ≥ 8 (the trunk's output stride), got ${JSON.stringify(value)}`);
  return value as number;
}

/** Fills in the defaults (the published JPPNet-s2) and checks every field. */
export function resolveJppnetConfig(config: JppnetConfig = {}): ResolvedJppnetConfig {
  if (config == null || typeof config !== 'object') fail('expected a config object (or nothing, for JPPNet-s2)');
  const trunk = resolveResnetTrunkConfig({
    family: 'deeplab',
    depth: config.depth,
    widthMultiplier: config.widthMultiplier,
    blocksPerStage: config.blocksPerStage,
    outputStride: 8,
    inputShape: [null, null, 3],
    name: JPPNET_TRUNK_NAME,
    seed: config.seed,
    ...(config.batchNorm ? { batchNorm: config.batchNorm } : {}),
  });
  const poseTap = `res${deeplabBlockId(4, trunk.blocksPerStage[2] - 1, trunk.depth)}_relu`;
  const headWidthMultiplier = config.headWidthMultiplier ?? trunk.widthMultiplier;
  if (!(Number.isFinite(headWidthMultiplier) && headWidthMultiplier > 0)) fail(`headWidthMultiplier must be a positive number, got ${headWidthMultiplier}`);
  const refinementStages = config.refinementStages ?? JPPNET_REFINEMENT_STAGES;
  if (!(Number.isInteger(refinementStages) && refinementStages >= 0)) fail(`refinementStages must be an integer ≥ 0, got ${JSON.stringify(refinementStages)}`);
  const headInitializer = config.headInitializer ?? 'reference';
  if (headInitializer !== 'reference' && headInitializer !== 'he') fail(`headInitializer must be 'reference' or 'he', got ${JSON.stringify(headInitializer)}`);
  return {
    depth: trunk.depth,
    widthMultiplier: trunk.widthMultiplier,
    headWidthMultiplier,
    headInitializer,
    blocksPerStage: trunk.blocksPerStage,
    refinementStages,
    numClasses: positiveInteger(config.numClasses ?? JPPNET_NUM_CLASSES, 'numClasses'),
    numJoints: positiveInteger(config.numJoints ?? JPPNET_NUM_JOINTS, 'numJoints'),
    inputSize: inputSizeOf(config.inputSize),
    seed: config.seed,
    name: config.name ?? 'jppnet',
    poseTap,
    trunk: { ...trunk, taps: [poseTap] },
    headChannels: {
      c512: scaleChannels(512, headWidthMultiplier),
      c256: scaleChannels(256, headWidthMultiplier),
      c128: scaleChannels(128, headWidthMultiplier),
    },
  };
}

/** The plain config of a resolved one (what `createJppnet` needs to rebuild the same network; JSON-safe). */
export function jppnetConfigOf(resolved: ResolvedJppnetConfig): JppnetConfig {
  return {
    depth: resolved.depth,
    widthMultiplier: resolved.widthMultiplier,
    headWidthMultiplier: resolved.headWidthMultiplier,
    blocksPerStage: [...resolved.blocksPerStage],
    refinementStages: resolved.refinementStages,
    numClasses: resolved.numClasses,
    numJoints: resolved.numJoints,
    headInitializer: resolved.headInitializer,
    inputSize: resolved.inputSize,
    batchNorm: { ...resolved.trunk.batchNorm },
    name: resolved.name,
    ...(resolved.seed === undefined ? {} : { seed: resolved.seed }),
  };
}
