import * as tf from '@tensorflow/tfjs-core';
import { createSegmentation, toPixelTensor, type PixelInput } from '@lip/runtime';
import {
  JPPNET_EVAL_SCALES,
  LIP_JOINT_NAMES,
  mirrorLabelMap,
  mirrorPose,
  type HumanParser,
  type HumanParsingResult,
  type Keypoint,
  type LabelMap,
  type ParseOptions,
  type Pose,
} from '@lip/schema';
import { inferJppnet } from '../inference/infer-jppnet.js';
import { keypointsFromHeatmaps } from '../inference/keypoints.js';
import type { Jppnet } from '../model/jppnet.js';
import type { ResolvedJppnetConfig } from '../model/jppnet-config.js';

/** What `JppnetParser.parse` returns: a `HumanParsingResult` whose pose is always there. */
export interface JppnetParsingResult extends HumanParsingResult<tf.Tensor2D> {
  readonly pose: Pose;
}

/**
 * A JPPNet with loaded weights, as a human parser (`createJppnetParser`): `parse(image, options)` gives the
 * parsing and the pose of one image at its own size; `dispose()` frees the weights.
 */
export interface JppnetParser extends HumanParser<PixelInput, tf.Tensor2D> {
  /** The network's config (the released JPPNet-s2: ResNet-101, 2 refinement stages, 20 classes, 16 joints). */
  readonly config: ResolvedJppnetConfig;
  parse(input: PixelInput, options?: ParseOptions): Promise<JppnetParsingResult>;
}

/** The smallest network input side the parser accepts (the trunk's output stride). */
const MIN_INPUT_SIZE = 8;

interface ResolvedParseOptions {
  scales: number[];
  mirror: boolean;
  inputSize: number;
  flipHorizontal: boolean;
}

function optionError(what: string, expected: string, value: unknown): Error {
  return new TypeError(`@lip/jppnet: parse: ${what} must be ${expected}, got ${JSON.stringify(value)}`);
}

function resolveParseOptions(options: ParseOptions | undefined, defaultInputSize: number): ResolvedParseOptions {
  if (options != null && typeof options !== 'object') throw optionError('options', 'an object', options);
  const { testTimeAugmentation: tta, flipHorizontal = false, inputSize = defaultInputSize } = options ?? {};
  if (typeof flipHorizontal !== 'boolean') throw optionError('flipHorizontal', 'a boolean', flipHorizontal);
  if (!(Number.isInteger(inputSize) && inputSize >= MIN_INPUT_SIZE)) throw optionError('inputSize', `an integer ≥ ${MIN_INPUT_SIZE}`, inputSize);
  // No augmentation unless asked: one pass at scale 1. Asked, the scales default to the model's test scales.
  if (tta == null) return { scales: [1], mirror: false, inputSize, flipHorizontal };
  if (typeof tta !== 'object') throw optionError('testTimeAugmentation', 'an object {scales?, mirror?}', tta);
  const scales = tta.scales ?? JPPNET_EVAL_SCALES;
  if (!Array.isArray(scales) || scales.length === 0 || scales.some((s) => !(typeof s === 'number' && Number.isFinite(s) && s > 0))) {
    throw optionError('testTimeAugmentation.scales', 'a non-empty list of positive numbers', scales);
  }
  const mirror = tta.mirror ?? false;
  if (typeof mirror !== 'boolean') throw optionError('testTimeAugmentation.mirror', 'a boolean', mirror);
  return { scales: [...scales], mirror, inputSize, flipHorizontal };
}

function clampUnit(value: number): number {
  return Math.min(1, Math.max(0, value));
}

/** Reads the labels (arg-max of the fused logits) and the keypoints off the backend, and frees both tensors. */
async function readResult(parsing: tf.Tensor3D, heatmaps: tf.Tensor3D): Promise<{ labels: LabelMap; pose: Pose }> {
  try {
    const [height, width] = parsing.shape;
    const ids = tf.tidy(() => tf.argMax(parsing, 2));
    let data: Uint8Array;
    try {
      data = Uint8Array.from(await ids.data());
    } finally {
      ids.dispose();
    }
    const peaks = await keypointsFromHeatmaps(heatmaps);
    const keypoints = peaks.map((peak, k): Keypoint => ({ name: LIP_JOINT_NAMES[k]!, x: peak.x, y: peak.y, score: clampUnit(peak.score) }));
    const score = keypoints.reduce((sum, k) => sum + k.score, 0) / keypoints.length;
    return { labels: { width, height, data }, pose: { keypoints, score } };
  } finally {
    tf.dispose([parsing, heatmaps]);
  }
}

/**
 * The parser of a JPPNet whose weights are loaded (`createJppnetParser` builds it): the parser owns `jppnet` and
 * disposes it.
 */
export function jppnetParserOf(jppnet: Jppnet): JppnetParser {
  let disposed = false;
  return Object.freeze({
    config: jppnet.config,

    /**
     * Parses one image at its own size: labels (arg-max of the fused parsing logits) and the 16 LIP keypoints
     * (first maximum of each fused last-stage heatmap, integer pixels; score = the peak value clamped to [0, 1]:
     * the heatmaps are trained towards Gaussians of peak 1, `datasets/lip/create_heatmaps.py` scaled by 1/255 in
     * training; pose score = mean keypoint score).
     */
    async parse(input: PixelInput, options?: ParseOptions): Promise<JppnetParsingResult> {
      if (disposed) throw new Error('@lip/jppnet: parse: this JppnetParser was disposed; create another with createJppnetParser');
      const { scales, mirror, inputSize, flipHorizontal } = resolveParseOptions(options, jppnet.config.inputSize);
      const pixels = toPixelTensor(input, '@lip/jppnet: parse: image');
      let fused: ReturnType<typeof inferJppnet>;
      try {
        fused = inferJppnet(jppnet, pixels, { scales, flip: mirror, inputSize });
      } finally {
        pixels.dispose();
      }
      let { labels, pose } = await readResult(fused.parsing, fused.pose);
      if (flipHorizontal) {
        labels = mirrorLabelMap(labels);
        pose = mirrorPose(pose, labels.width);
      }
      return { width: labels.width, height: labels.height, segmentation: createSegmentation(labels), pose };
    },

    dispose(): void {
      if (disposed) return;
      disposed = true;
      jppnet.dispose();
    },
  });
}
