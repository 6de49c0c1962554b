import type * as tf from '@tensorflow/tfjs-core';
import { createSegmentation, toPixelTensor, type PixelInput } from '@lip/runtime';
import {
  LIP_CLASS_FLIP_PERMUTATION,
  mirrorLabelMap,
  SSNAN_EVAL_MAX_DIM,
  type HumanParser,
  type HumanParsingResult,
  type LabelMap,
  type ParseOptions,
  type RgbImage,
} from '@lip/schema';
import { ssnanEvalProbabilities } from '../inference/ssnan-eval-probabilities.js';
import { argmaxClasses } from '../inference/unmould-ssnan-probabilities.js';
import type { Ssnan } from '../model/ssnan.js';
import { SSNAN_FEATURE_STRIDE, type ResolvedSsnanConfig } from '../model/ssnan-config.js';

/**
 * An SS-NAN with loaded weights, as a human parser (`createSsnanParser`): `parse(image, options)` gives the parsing
 * of one image at its own size (no pose); `dispose()` frees the weights.
 */
export interface SsnanParser extends HumanParser<PixelInput, tf.Tensor2D> {
  /** The network's config (the published SS-NAN: ResNet-101, attention 512, scales 0.5 / 0.75 / 1, 20 classes). */
  readonly config: ResolvedSsnanConfig;
  parse(input: PixelInput, options?: ParseOptions): Promise<HumanParsingResult<tf.Tensor2D>>;
}

interface ResolvedParseOptions {
  maxDim: number;
  mirror: boolean;
  flipHorizontal: boolean;
}

function optionError(what: string, expected: string, value: unknown): Error {
  return new TypeError(`@lip/nan-head: parse: ${what} must be ${expected}, got ${JSON.stringify(value)}`);
}

function sameScales(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function resolveParseOptions(options: ParseOptions | undefined, config: ResolvedSsnanConfig): ResolvedParseOptions {
  if (options != null && typeof options !== 'object') throw optionError('options', 'an object', options);
  const { testTimeAugmentation: tta, flipHorizontal = false } = options ?? {};
  if (typeof flipHorizontal !== 'boolean') throw optionError('flipHorizontal', 'a boolean', flipHorizontal);
  // The smallest padded square whose 0.5-scale copy still has a feature pixel (Ssnan.checkImages).
  const minSide = Math.ceil(SSNAN_FEATURE_STRIDE / Math.min(...config.scales));
  const maxDim = options?.inputSize ?? config.imageSize ?? SSNAN_EVAL_MAX_DIM;
  if (!(Number.isInteger(maxDim) && maxDim >= minSide)) throw optionError('inputSize', `an integer ≥ ${minSide}`, maxDim);
  if (config.imageSize != null && maxDim !== config.imageSize) {
    throw new RangeError(`@lip/nan-head: parse: inputSize must be ${config.imageSize} for this SS-NAN (built for ${config.imageSize}×${config.imageSize} inputs, config.imageSize), got ${maxDim}`);
  }
  if (tta == null) return { maxDim, mirror: false, flipHorizontal };
  if (typeof tta !== 'object') throw optionError('testTimeAugmentation', 'an object {mirror?}', tta);
  if (tta.scales != null && !(Array.isArray(tta.scales) && sameScales(tta.scales, config.scales))) {
    throw new RangeError(
      `@lip/nan-head: parse: testTimeAugmentation.scales cannot be set for SS-NAN: its scales (${config.scales.join(', ')}) are inside the network, ` +
        `aggregated per pixel by its attention; got ${JSON.stringify(tta.scales)}. Omit scales (use inputSize to change the resolution).`,
    );
  }
  const mirror = tta.mirror ?? false;
  if (typeof mirror !== 'boolean') throw optionError('testTimeAugmentation.mirror', 'a boolean', mirror);
  return { maxDim, mirror, flipHorizontal };
}

/**
 * The input as RGB bytes: `prepareSsnanEval` resizes bytes as Pillow does. Float tensors are rounded to the nearest
 * byte (halves to even) and clamped to 0–255.
 */
async function readRgbImage(input: PixelInput): Promise<RgbImage> {
  const pixels = toPixelTensor(input, '@lip/nan-head: parse: image');
  try {
    const [height, width] = pixels.shape;
    const bytes = Uint8ClampedArray.from(await pixels.data());
    return { width, height, data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) };
  } finally {
    pixels.dispose();
  }
}

/** The image mirrored left–right. */
function mirrorRgbImage({ width, height, data }: RgbImage): RgbImage {
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = 3 * (y * width + width - 1 - x);
      out.set(data.subarray(from, from + 3), 3 * (y * width + x));
    }
  }
  return { width, height, data: out };
}

/**
 * `(probabilities + fold(mirrored)) / 2`, where `fold` mirrors the probabilities of the mirrored image back and
 * swaps the left/right class channels (`LIP_CLASS_FLIP_PERMUTATION`). Written into `probabilities`.
 */
function averageWithMirrored(probabilities: Float32Array, mirrored: Float32Array, width: number, height: number, numClasses: number): Float32Array {
  const permutation = LIP_CLASS_FLIP_PERMUTATION;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * numClasses;
      const from = (y * width + width - 1 - x) * numClasses;
      for (let c = 0; c < numClasses; c++) probabilities[at + c] = (probabilities[at + c]! + mirrored[from + permutation[c]!]!) / 2;
    }
  }
  return probabilities;
}

/** The parser of an SS-NAN whose weights are loaded (`createSsnanParser` builds it): the parser owns `ssnan` and disposes it. */
export function ssnanParserOf(ssnan: Ssnan): SsnanParser {
  let disposed = false;
  const numClasses = ssnan.config.numClasses;
  const checkDisposed = () => {
    if (disposed) throw new Error('@lip/nan-head: parse: this SsnanParser was disposed; create another with createSsnanParser');
  };
  return Object.freeze({
    config: ssnan.config,

    /**
     * Parses one image at its own size, as SS-NAN's evaluation (`LIP.py evaluate`): `resize_image(min 120, max
     * inputSize = 640)` with centred padding and the RGB mean, `mask_prob` over the built-in scales, the window
     * cropped out, `scipy.ndimage.zoom(order=2)` back, arg-max. `testTimeAugmentation: { mirror: true }` also runs
     * the mirrored image and averages the probabilities with its left/right classes swapped back (not in the
     * reference, which has no flip test).
     */
    async parse(input: PixelInput, options?: ParseOptions): Promise<HumanParsingResult<tf.Tensor2D>> {
      checkDisposed();
      const { maxDim, mirror, flipHorizontal } = resolveParseOptions(options, ssnan.config);
      const image = await readRgbImage(input);
      checkDisposed();
      const { width, height } = image;
      let { probabilities } = await ssnanEvalProbabilities(ssnan, image, { maxDim });
      if (mirror) {
        checkDisposed();
        const mirrored = await ssnanEvalProbabilities(ssnan, mirrorRgbImage(image), { maxDim });
        probabilities = averageWithMirrored(probabilities, mirrored.probabilities, width, height, numClasses);
      }
      let labels: LabelMap = { width, height, data: argmaxClasses(probabilities, numClasses) };
      if (flipHorizontal) labels = mirrorLabelMap(labels);
      return { width, height, segmentation: createSegmentation(labels) };
    },

    dispose(): void {
      if (disposed) return;
      disposed = true;
      ssnan.dispose();
    },
  });
}
