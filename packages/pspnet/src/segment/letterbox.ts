import * as tf from '@tensorflow/tfjs-core';
import { roundHalfEven, SSNAN_MEAN_RGB } from '@lip/schema';


export interface Preprocessing {
  /**
   * Subtracted from the RGB pixel values (0..255); default SS-NAN's `MEAN_PIXEL` [123.7, 116.8, 103.9]
   * (PSPNet-Keras' own `DATA_MEAN` is [123.68, 116.779, 103.939]).
   */
  mean?: readonly [number, number, number];
  /**
   * Channel order fed to the network after the mean is subtracted: 'rgb' (SS-NAN, default) or 'bgr'
   * (PSPNet-Keras' `pspnet101_voc2012.h5`, which swaps after subtracting the RGB mean).
   */
  channelOrder?: 'rgb' | 'bgr';
}

/** Where an image goes in the fixed network input: SS-NAN's `resize_image(min_dim, max_dim, padding=True)`. */
export interface LetterboxPlan {
  /** The image's own [height, width]. */
  imageSize: [number, number];
  /** The network input [height, width]. */
  inputSize: [number, number];
  scale: number;
  /** The image after resizing, [height, width]: the window inside the input. */
  resized: [number, number];
  /** Zero rows above and columns left of the window (centred padding, extra row/column at the bottom/right). */
  top: number;
  left: number;
}

/**
 * SS-NAN's `utils.resize_image` (and `mold_inputs`): scale up only if the short side is below
 * `minDim` (0: never), scale down so the image fits the input, keep the aspect ratio, then pad
 * centred. For a square input this is SS-NAN's rule with `max_dim` = the input side.
 */
export function letterboxPlan(imageSize: readonly [number, number], inputSize: readonly [number, number], minDim = 0): LetterboxPlan {
  const [h, w] = imageSize;
  const [inH, inW] = inputSize;
  for (const [what, v] of [['image height', h], ['image width', w], ['input height', inH], ['input width', inW]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`@lip/pspnet: ${what} must be a positive integer, got ${v}`);
  }
  let scale = minDim > 0 ? Math.max(1, minDim / Math.min(h, w)) : 1;
  if (roundHalfEven(h * scale) > inH || roundHalfEven(w * scale) > inW) scale = Math.min(inH / h, inW / w);
  const resized: [number, number] = scale === 1 ? [h, w] : [Math.min(inH, roundHalfEven(h * scale)), Math.min(inW, roundHalfEven(w * scale))];
  return {
    imageSize: [h, w],
    inputSize: [inH, inW],
    scale,
    resized,
    top: Math.floor((inH - resized[0]) / 2),
    left: Math.floor((inW - resized[1]) / 2),
  };
}

/**
 * The network input for one RGB image [h, w, 3] (0..255): resized bilinearly (half-pixel centres,
 * close to scipy/Pillow for upscaling; not antialiased when shrinking), zero-padded into the window
 * of `plan`, minus the mean (so padding becomes −mean, as in SS-NAN), channels swapped if 'bgr'.
 * Returns [1, inH, inW, 3] float32.
 */
export function moldImage(image: tf.Tensor3D, plan: LetterboxPlan, preprocessing: Preprocessing = {}): tf.Tensor4D {
  if (image.rank !== 3 || image.shape[2] !== 3) {
    throw new Error(`@lip/pspnet: expected an RGB image tensor [height, width, 3], got shape ${JSON.stringify(image.shape)}`);
  }
  if (image.shape[0] !== plan.imageSize[0] || image.shape[1] !== plan.imageSize[1]) {
    throw new Error(`@lip/pspnet: the image is ${image.shape[0]}×${image.shape[1]} but the letterbox plan was made for ${plan.imageSize.join('×')}`);
  }
  const mean = preprocessing.mean ?? SSNAN_MEAN_RGB;
  return tf.tidy(() => {
    let x = tf.cast(image, 'float32');
    if (plan.resized[0] !== plan.imageSize[0] || plan.resized[1] !== plan.imageSize[1]) {
      x = tf.image.resizeBilinear(x, plan.resized, false, true);
    }
    const [inH, inW] = plan.inputSize;
    x = tf.pad(x, [[plan.top, inH - plan.resized[0] - plan.top], [plan.left, inW - plan.resized[1] - plan.left], [0, 0]]);
    x = tf.sub(x, tf.tensor1d([...mean]));
    if (preprocessing.channelOrder === 'bgr') x = tf.reverse(x, -1);
    return tf.expandDims(x, 0) as tf.Tensor4D;
  });
}

/**
 * Class scores (probabilities or logits) [1, inH, inW, C] back to the image: crop the window and resize it to the
 * image's size with corner-aligned coordinates (as SS-NAN's `scipy.ndimage.zoom(prob, order=2)` maps them; bilinear
 * rather than quadratic-spline values). Returns [1, h, w, C].
 */
export function unmoldScores(scores: tf.Tensor4D, plan: LetterboxPlan): tf.Tensor4D {
  return tf.tidy(() => {
    const window = tf.slice(scores, [0, plan.top, plan.left, 0], [1, plan.resized[0], plan.resized[1], -1]);
    const sameSize = plan.resized[0] === plan.imageSize[0] && plan.resized[1] === plan.imageSize[1];
    return sameSize ? window : tf.image.resizeBilinear(window, plan.imageSize, true);
  });
}

/**
 * Class probabilities [1, inH, inW, C] back to the image (`unmoldScores`), then the argmax. Returns int32 [h, w].
 */
export function unmoldProbabilities(probabilities: tf.Tensor4D, plan: LetterboxPlan): tf.Tensor2D {
  return tf.tidy(() => tf.squeeze(tf.argMax(unmoldScores(probabilities, plan), -1), [0]) as tf.Tensor2D);
}
