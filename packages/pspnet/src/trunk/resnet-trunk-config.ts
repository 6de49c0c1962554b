/** Which reference network the trunk reproduces, and so its layer names and BN constants. */
export type ResnetFamily = 'pspnet' | 'deeplab';
export type ResnetDepth = 50 | 101 | 152;
export type OutputStride = 8 | 16;

/**
 * BatchNormalization constants. Every BN is a plain Keras/tfjs `BatchNormalization` (weights gamma, beta,
 * moving_mean, moving_variance). Whether it uses batch or moving statistics while training is a training-time
 * choice: JPPNet's slim BN is frozen (`is_training=False`), SS-NAN's Keras BN uses batch statistics.
 */
export interface BatchNormConfig {
  momentum?: number;
  epsilon?: number;
}

export interface ResnetTrunkConfig {
  /** 'pspnet': PSPNet-Keras names and deep stem (SS-NAN's trunk); 'deeplab': DeepLab-v2 caffe names (JPPNet's trunk). */
  family: ResnetFamily;
  /** Network depth; sets the blocks per stage and, for 'deeplab', the block naming scheme. Default 101. */
  depth?: ResnetDepth;
  /** Scales every channel count (rounded, at least 1), e.g. 1/16 for tests. Default 1. */
  widthMultiplier?: number;
  /** Blocks in stages 2..5, overriding the depth's counts (names still follow `depth`'s scheme). */
  blocksPerStage?: readonly [number, number, number, number];
  /** 8 (default, dilations 2 and 4 in stages 4 and 5) or 16 (stride 2 in stage 4, dilation 2 in stage 5). */
  outputStride?: OutputStride;
  /** [height, width, channels]; null sides accept any size. Default [null, null, 3]. */
  inputShape?: readonly [number | null, number | null, number];
  /** Layer names whose outputs are returned after the last stage's output, e.g. ['res4b22_relu']. */
  taps?: readonly string[];
  /** Model name; default 'resnet{depth}_model' (pspnet, as SS-NAN nests it) or 'resnet{depth}' (deeplab). */
  name?: string;
  /** Overrides the family's BN constants (pspnet: momentum 0.95, epsilon 1e-5; deeplab: 0.999, 1e-3). */
  batchNorm?: BatchNormConfig;
  /** Seeds the kernel initializers (glorot-uniform, the Keras and kaffe default) so builds reproduce. */
  seed?: number;
}

/** One residual stage after it is resolved from the config. */
export interface StagePlan {
  /** 2..5, the number in the reference names. */
  stage: 2 | 3 | 4 | 5;
  blocks: number;
  /** Channels of the 1×1 reduce and the 3×3 conv. */
  midChannels: number;
  /** Channels of the 1×1 increase, the projection and the block output. */
  outChannels: number;
  /** Stride of the first block (on its first 1×1 conv and its projection). */
  stride: 1 | 2;
  /** Dilation of every 3×3 conv in the stage. */
  dilation: number;
}

export interface ResolvedResnetTrunkConfig {
  family: ResnetFamily;
  depth: ResnetDepth;
  widthMultiplier: number;
  blocksPerStage: [number, number, number, number];
  outputStride: OutputStride;
  inputShape: [number | null, number | null, number];
  taps: string[];
  name: string;
  batchNorm: Required<BatchNormConfig>;
  seed: number | undefined;
  /** Stem conv channels: pspnet [64, 64, 128], deeplab [64], scaled. */
  stemChannels: number[];
  stages: StagePlan[];
  /** Channels of the last stage's output (2048 at width 1). */
  outputChannels: number;
}

/** Blocks per stage of the published ResNets (He et al.): 50, 101, 152. */
export const RESNET_BLOCKS: Readonly<Record<ResnetDepth, readonly [number, number, number, number]>> = {
  50: [3, 4, 6, 3],
  101: [3, 4, 23, 3],
  152: [3, 8, 36, 3],
};

/** PSPNet-Keras `BN()`: momentum 0.95, epsilon 1e-5; DeepLab/JPPNet slim `batch_norm` defaults: decay 0.999, epsilon 1e-3. */
export const FAMILY_BATCH_NORM: Readonly<Record<ResnetFamily, Required<BatchNormConfig>>> = {
  pspnet: { momentum: 0.95, epsilon: 1e-5 },
  deeplab: { momentum: 0.999, epsilon: 1e-3 },
};

/** A channel count at the given width: rounded, never below 1. */
export function scaleChannels(channels: number, widthMultiplier: number): number {
  return Math.max(1, Math.round(channels * widthMultiplier));
}

function fail(message: string): never {
  throw new Error(`@lip/pspnet: createResnetTrunk: ${message}`);
}

export function resolveResnetTrunkConfig(config: ResnetTrunkConfig): ResolvedResnetTrunkConfig {
  if (config == null || typeof config !== 'object') fail('expected a config object with at least { family }');
  const family = config.family;
  if (family !== 'pspnet' && family !== 'deeplab') fail(`family must be 'pspnet' or 'deeplab', got ${JSON.stringify(family)}`);
  const depth = config.depth ?? 101;
  if (!(depth in RESNET_BLOCKS)) fail(`depth must be 50, 101 or 152, got ${JSON.stringify(depth)}`);
  const widthMultiplier = config.widthMultiplier ?? 1;
  if (!(Number.isFinite(widthMultiplier) && widthMultiplier > 0)) fail(`widthMultiplier must be a positive number, got ${widthMultiplier}`);
  const blocks = config.blocksPerStage ?? RESNET_BLOCKS[depth];
  if (!Array.isArray(blocks) || blocks.length !== 4 || blocks.some((b) => !Number.isInteger(b) || b < 1)) {
    fail(`blocksPerStage must be 4 positive integers (stages 2..5), got ${JSON.stringify(blocks)}`);
  }
  const outputStride = config.outputStride ?? 8;
  if (outputStride !== 8 && outputStride !== 16) fail(`outputStride must be 8 or 16, got ${JSON.stringify(outputStride)}`);
  const inputShape = config.inputShape ?? [null, null, 3];
  const badSide = (d: number | null) => d != null && !(Number.isInteger(d) && d >= 1);
  if (inputShape.length !== 3 || badSide(inputShape[0]) || badSide(inputShape[1]) || !(Number.isInteger(inputShape[2]) && inputShape[2] >= 1)) {
    fail(`inputShape must be [height|null, width|null, channels], got ${JSON.stringify(inputShape)}`);
  }
  const batchNorm = { ...FAMILY_BATCH_NORM[family], ...stripUndefined(config.batchNorm ?? {}) };
  if (!(batchNorm.epsilon > 0)) fail(`batchNorm.epsilon must be positive, got ${batchNorm.epsilon}`);
  if (!(batchNorm.momentum >= 0 && batchNorm.momentum <= 1)) fail(`batchNorm.momentum must be in [0, 1], got ${batchNorm.momentum}`);

  // Output stride 8: stage 3 halves, stages 4 and 5 dilate by 2 and 4 (both references).
  // Output stride 16: stage 4 halves too, and only stage 5 dilates, by 2.
  const strides: Array<1 | 2> = outputStride === 8 ? [1, 2, 1, 1] : [1, 2, 2, 1];
  const dilations = outputStride === 8 ? [1, 1, 2, 4] : [1, 1, 1, 2];
  const stages: StagePlan[] = [0, 1, 2, 3].map((i) => ({
    stage: (i + 2) as StagePlan['stage'],
    blocks: blocks[i]!,
    midChannels: scaleChannels(64 * 2 ** i, widthMultiplier),
    outChannels: scaleChannels(256 * 2 ** i, widthMultiplier),
    stride: strides[i]!,
    dilation: dilations[i]!,
  }));
  const stemChannels = (family === 'pspnet' ? [64, 64, 128] : [64]).map((c) => scaleChannels(c, widthMultiplier));
  return {
    family,
    depth,
    widthMultiplier,
    blocksPerStage: [...blocks] as [number, number, number, number],
    outputStride,
    inputShape: [...inputShape] as [number | null, number | null, number],
    taps: [...(config.taps ?? [])],
    name: config.name ?? (family === 'pspnet' ? `resnet${depth}_model` : `resnet${depth}`),
    batchNorm,
    seed: config.seed,
    stemChannels,
    stages,
    outputChannels: stages[3]!.outChannels,
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
