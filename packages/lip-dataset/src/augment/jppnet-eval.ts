import { type RgbImage, JPPNET_EVAL_SCALES, JPPNET_INPUT_SIZE, JPPNET_MEAN_BGR } from '@lip/schema';
import { resizeBilinearTf1 } from '@lip/image';
import { writeMeanSubtracted } from '@lip/image/internal';

export interface JppnetEvalOptions {
  readonly inputSize?: number;
  /** Test scales. Default [1.0, 0.75, 1.25] → 384, 288, 480. */
  readonly scales?: readonly number[];
  /** Also produce the mirrored copy. Default true. */
  readonly flip?: boolean;
  readonly meanBgr?: readonly number[];
}

export interface JppnetEvalInput {
  readonly scale: number;
  /** Square side `int(inputSize * scale)`. */
  readonly size: number;
  /** `[size, size, 3]` BGR − mean, aspect ratio not kept. */
  readonly image: Float32Array;
  /** The same from the horizontally mirrored original (fuse with channel swap 14↔15… and width reverse). */
  readonly flipped: Float32Array | null;
}

export interface JppnetEvalSample {
  readonly originalWidth: number;
  readonly originalHeight: number;
  readonly inputs: readonly JppnetEvalInput[];
}

/**
 * JPPNet evaluation inputs (`LIP_JPPNet/evaluate_parsing_JPPNet-s2.py`): the original image BGR − mean and its mirror, each resized
 * (TF 1.x bilinear, aspect ratio ignored) to a square per test scale. Predictions are resized back
 * to `originalWidth × originalHeight`.
 */
export function prepareJppnetEval(image: RgbImage, options: JppnetEvalOptions = {}): JppnetEvalSample {
  const inputSize = options.inputSize ?? JPPNET_INPUT_SIZE;
  const mean = options.meanBgr ?? JPPNET_MEAN_BGR;
  const { width: w, height: h } = image;
  const bgr = new Float32Array(w * h * 3);
  writeMeanSubtracted(image.data, w, 0, 0, w, h, bgr, w, 0, 0, mean, false, true);
  let bgrFlipped: Float32Array | null = null;
  if (options.flip ?? true) {
    bgrFlipped = new Float32Array(w * h * 3);
    writeMeanSubtracted(image.data, w, 0, 0, w, h, bgrFlipped, w, 0, 0, mean, true, true);
  }
  const inputs = (options.scales ?? JPPNET_EVAL_SCALES).map((scale) => {
    const size = Math.trunc(inputSize * scale);
    return {
      scale,
      size,
      image: resizeBilinearTf1(bgr, w, h, 3, size, size),
      flipped: bgrFlipped ? resizeBilinearTf1(bgrFlipped, w, h, 3, size, size) : null,
    };
  });
  return { originalWidth: w, originalHeight: h, inputs };
}
