import * as tf from '@tensorflow/tfjs-core';
import { createSegmentation, toPixelTensor, type PixelInput } from '@lip/runtime';
import { LIP_CLASS_FLIP_PERMUTATION, mirrorLabelMap, SSNAN_MEAN_RGB, type HumanParser, type HumanParsingResult, type LabelMap, type ParseOptions } from '@lip/schema';
import type { Pspnet, PspnetConfig } from '../pspnet/create-pspnet.js';
import { letterboxPlan, moldImage, unmoldScores, type Preprocessing } from '../segment/letterbox.js';

/**
 * A PSPNet with loaded weights for the 20 LIP classes, as a human parser (`createPspnetParser`): `parse(image,
 * options)` gives the parsing of one image at its own size (no pose); `dispose()` frees the weights.
 */
export interface PspnetParser extends HumanParser<PixelInput, tf.Tensor2D> {
  /** The network's config, as the model carries it (`numClasses` 20). */
  readonly config: PspnetConfig;
  /** The network's fixed input [height, width] (473² by default): images are letterboxed into it. */
  readonly inputSize: readonly [number, number];
  parse(input: PixelInput, options?: ParseOptions): Promise<HumanParsingResult<tf.Tensor2D>>;
}

function optionError(what: string, expected: string, value: unknown): Error {
  return new TypeError(`@lip/pspnet: parse: ${what} must be ${expected}, got ${JSON.stringify(value)}`);
}

function resolveParseOptions(options: ParseOptions | undefined, inputSize: readonly [number, number]): { mirror: boolean; flipHorizontal: boolean } {
  if (options != null && typeof options !== 'object') throw optionError('options', 'an object', options);
  const { testTimeAugmentation: tta, flipHorizontal = false, inputSize: side } = options ?? {};
  if (typeof flipHorizontal !== 'boolean') throw optionError('flipHorizontal', 'a boolean', flipHorizontal);
  if (side != null && !(side === inputSize[0] && side === inputSize[1])) {
    const fixed = inputSize[0] === inputSize[1] ? `${inputSize[0]}` : `[${inputSize.join(', ')}] (not square, so leave it out)`;
    throw new RangeError(
      `@lip/pspnet: parse: inputSize must be ${fixed}: this PSPNet's input is fixed at ${inputSize[0]}×${inputSize[1]} (its pyramid pooling is sized for it), got ${JSON.stringify(side)}`,
    );
  }
  if (tta == null) return { mirror: false, flipHorizontal };
  if (typeof tta !== 'object') throw optionError('testTimeAugmentation', 'an object {mirror?}', tta);
  if (tta.scales != null && !(Array.isArray(tta.scales) && tta.scales.length === 1 && tta.scales[0] === 1)) {
    throw new RangeError(
      `@lip/pspnet: parse: testTimeAugmentation.scales cannot be set for PSPNet: the network runs once at its fixed ${inputSize[0]}×${inputSize[1]} input; got ${JSON.stringify(tta.scales)}. Omit scales (or give [1]).`,
    );
  }
  const mirror = tta.mirror ?? false;
  if (typeof mirror !== 'boolean') throw optionError('testTimeAugmentation.mirror', 'a boolean', mirror);
  return { mirror, flipHorizontal };
}

/**
 * The parser of a PSPNet whose weights are loaded (`createPspnetParser` builds it): the parser owns `pspnet` and
 * disposes it. `config` is the network's config (its `preprocessing` is what `parse` applies).
 */
export function pspnetParserOf(pspnet: Pspnet, config: PspnetConfig): PspnetParser {
  let disposed = false;
  const preprocessing: Preprocessing = { mean: config.preprocessing?.mean ?? SSNAN_MEAN_RGB, channelOrder: config.preprocessing?.channelOrder ?? 'rgb' };
  const permutation = tf.tensor1d([...LIP_CLASS_FLIP_PERMUTATION], 'int32');
  const inputSize = Object.freeze([...pspnet.inputSize]) as readonly [number, number];

  /** The network's scores for an RGB image [h, w, 3], at the image's size [1, h, w, C] (`segment`'s letterbox). */
  const scoresOf = (image: tf.Tensor3D): tf.Tensor4D =>
    tf.tidy(() => {
      const plan = letterboxPlan([image.shape[0], image.shape[1]], pspnet.inputSize, 0);
      return unmoldScores(pspnet.model.predict(moldImage(image, plan, preprocessing)) as tf.Tensor4D, plan);
    });

  return Object.freeze({
    config,
    inputSize,

    /**
     * Parses one image at its own size as `pspnet.segment` does: letterboxed into the fixed input (fit, keep the
     * aspect ratio, centred padding, the mean subtracted), the window of the scores resized back (corner-aligned
     * bilinear) and arg-maxed. `testTimeAugmentation: { mirror: true }` also runs the mirrored image and averages
     * the scores with the left/right classes swapped back.
     */
    async parse(input: PixelInput, options?: ParseOptions): Promise<HumanParsingResult<tf.Tensor2D>> {
      if (disposed) throw new Error('@lip/pspnet: parse: this PspnetParser was disposed; create another with createPspnetParser');
      const { mirror, flipHorizontal } = resolveParseOptions(options, inputSize);
      const pixels = toPixelTensor(input, '@lip/pspnet: parse: image');
      const [height, width] = pixels.shape;
      let ids: tf.Tensor2D;
      try {
        ids = tf.tidy(() => {
          let scores = scoresOf(pixels);
          if (mirror) {
            const mirrored = scoresOf(tf.reverse(pixels, 1));
            scores = tf.div(tf.add(scores, tf.gather(tf.reverse(mirrored, 2), permutation, 3)), 2);
          }
          return tf.squeeze(tf.argMax(scores, -1), [0]) as tf.Tensor2D;
        });
      } finally {
        pixels.dispose();
      }
      let data: Uint8Array;
      try {
        data = Uint8Array.from(await ids.data());
      } finally {
        ids.dispose();
      }
      let labels: LabelMap = { width, height, data };
      if (flipHorizontal) labels = mirrorLabelMap(labels);
      return { width, height, segmentation: createSegmentation(labels) };
    },

    dispose(): void {
      if (disposed) return;
      disposed = true;
      permutation.dispose();
      pspnet.dispose();
    },
  });
}
