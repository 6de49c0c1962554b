/** Scales of the NAN head, in the order the features are concatenated (`AttResnet101FCN.build`). */
export const SSNAN_SCALES: readonly number[] = Object.freeze([0.5, 0.75, 1.0]);
/** Channels of `mask_att_conv` in the published model; scaled by the width multiplier for small models. */
export const SSNAN_ATTENTION_WIDTH = 512;
/** LIP classes (background + 19). */
export const SSNAN_NUM_CLASSES = 20;
/** `BACKBONE_SHAPES[1]`: the scale features are resized to ceil(side / 8). */
export const SSNAN_FEATURE_STRIDE = 8;
/** Name of the nested trunk model, as in the reference (`build_attresnet_model('resnet101')`). */
export const SSNAN_TRUNK_NAME = 'resnet101_model';

/** Configuration of {@link createSsnan}. Every field has the published model's value as default. */
export interface SsnanConfig {
  /** Trunk depth: 101 (published) or 50, passed to `@lip/pspnet`. */
  readonly depth?: 50 | 101;
  /** Multiplies every trunk width and the attention width (e.g. 1/16 for tests and the quickstart). Default 1. */
  readonly widthMultiplier?: number;
  /** Residual blocks per stage conv2..conv5; overrides `depth` (e.g. [1, 1, 1, 1] for tiny models). */
  readonly blocksPerStage?: readonly [number, number, number, number];
  /** Channels of `mask_att_conv`. Default round(512 × widthMultiplier), at least 1. */
  readonly attentionWidth?: number;
  /** Number of classes. Default 20. */
  readonly numClasses?: number;
  /** Input scales of the NAN head, in concatenation order. Default [0.5, 0.75, 1.0]. */
  readonly scales?: readonly number[];
  /** Dropout after `mask_att_conv`. Default 0.5. */
  readonly dropoutRate?: number;
  /**
   * Side of the square input the graph is built for, or null for any size (the default): the reference
   * builds for a fixed `IMAGE_SHAPE` (320 in training, 640 at evaluation); every resize here reads the
   * actual input size, so one model serves both.
   */
  readonly imageSize?: number | null;
  /** Seed of the weight initialisers and of the dropout masks. Default 1. */
  readonly seed?: number;
}

export interface ResolvedSsnanConfig {
  readonly depth: 50 | 101;
  readonly widthMultiplier: number;
  readonly blocksPerStage: readonly [number, number, number, number] | null;
  readonly attentionWidth: number;
  readonly numClasses: number;
  readonly scales: readonly number[];
  readonly dropoutRate: number;
  readonly imageSize: number | null;
  readonly seed: number;
}

/** Fills defaults and rejects impossible values with an error naming the field. */
export function resolveSsnanConfig(config: SsnanConfig = {}): ResolvedSsnanConfig {
  const fail = (field: string, expected: string, got: unknown): never => {
    throw new RangeError(`createSsnan: config.${field} must be ${expected}, got ${JSON.stringify(got)}`);
  };
  const depth = config.depth ?? 101;
  if (depth !== 50 && depth !== 101) fail('depth', '50 or 101', depth);
  const widthMultiplier = config.widthMultiplier ?? 1;
  if (!(widthMultiplier > 0) || !Number.isFinite(widthMultiplier)) fail('widthMultiplier', 'a positive number', widthMultiplier);
  const blocks = config.blocksPerStage ?? null;
  if (blocks !== null && (blocks.length !== 4 || blocks.some((b) => !Number.isInteger(b) || b < 1))) {
    fail('blocksPerStage', 'four integers ≥ 1 (conv2..conv5)', blocks);
  }
  const attentionWidth = config.attentionWidth ?? Math.max(1, Math.round(SSNAN_ATTENTION_WIDTH * widthMultiplier));
  if (!Number.isInteger(attentionWidth) || attentionWidth < 1) fail('attentionWidth', 'an integer ≥ 1', attentionWidth);
  const numClasses = config.numClasses ?? SSNAN_NUM_CLASSES;
  if (!Number.isInteger(numClasses) || numClasses < 2) fail('numClasses', 'an integer ≥ 2', numClasses);
  const scales = config.scales ?? SSNAN_SCALES;
  if (scales.length < 1 || scales.some((s) => !(s > 0 && s <= 1))) fail('scales', 'a non-empty list of numbers in (0, 1]', scales);
  const dropoutRate = config.dropoutRate ?? 0.5;
  if (!(dropoutRate >= 0 && dropoutRate < 1)) fail('dropoutRate', 'a number in [0, 1)', dropoutRate);
  const imageSize = config.imageSize ?? null;
  if (imageSize !== null && (!Number.isInteger(imageSize) || imageSize < SSNAN_FEATURE_STRIDE)) {
    fail('imageSize', `null or an integer ≥ ${SSNAN_FEATURE_STRIDE}`, imageSize);
  }
  const seed = config.seed ?? 1;
  if (!Number.isInteger(seed)) fail('seed', 'an integer', seed);
  return { depth, widthMultiplier, blocksPerStage: blocks, attentionWidth, numClasses, scales: [...scales], dropoutRate, imageSize, seed };
}
