/**
 * How the reference systems turn an image into network input: mean, channel order, sizes and scales. The
 * SS-NAN values are `LIPConfig` / `config.py` of llltttppp/SS-NAN; the JPPNet ones LIP_JPPNet `utils/lip_reader.py`
 * and `evaluate_parsing_JPPNet-s2.py`.
 */

/** A per-channel mean, in the channel order the network is fed. */
export type ChannelMean = readonly [number, number, number];

/** SS-NAN `MEAN_PIXEL`, subtracted from RGB values 0–255 (no std scaling). */
export const SSNAN_MEAN_RGB: ChannelMean = Object.freeze([123.7, 116.8, 103.9]) as ChannelMean;
/** SS-NAN feeds RGB. */
export const SSNAN_CHANNEL_ORDER = 'rgb';
/** Square training input side (`IMAGE_MAX_DIM` of `LIPConfig`). */
export const SSNAN_TRAIN_SIZE = 320;
/** Random scales of the SS-NAN training generator (uniform choice). */
export const SSNAN_TRAIN_SCALES: readonly number[] = Object.freeze([0.6, 0.8, 1.0, 1.2, 1.4]);
/** Evaluation resize: upscale only below this short side (`IMAGE_MIN_DIM` at evaluation). */
export const SSNAN_EVAL_MIN_DIM = 120;
/** Evaluation resize: cap on the long side and side of the padded square input (`IMAGE_MAX_DIM` at evaluation). */
export const SSNAN_EVAL_MAX_DIM = 640;

/** JPPNet `IMG_MEAN`, in **BGR** order: the image is swapped to BGR, then the mean subtracted. */
export const JPPNET_MEAN_BGR: ChannelMean = Object.freeze([104.00698793, 116.66876762, 122.67891434]) as ChannelMean;
/** JPPNet feeds BGR. */
export const JPPNET_CHANNEL_ORDER = 'bgr';
/** JPPNet's square input side, in training and at test time. */
export const JPPNET_INPUT_SIZE = 384;
/** Output stride of the JPPNet trunk: parsing logits and pose heatmaps are `inputSize / 8`. */
export const JPPNET_HEATMAP_STRIDE = 8;
/** Scales of JPPNet's training graph (`train_JPPNet-s2.py`), in its order. */
export const JPPNET_TRAIN_SCALES: readonly number[] = Object.freeze([1, 0.75, 0.5]);
/** Test-time scales of `evaluate_parsing_JPPNet-s2.py`, in its order. */
export const JPPNET_EVAL_SCALES: readonly number[] = Object.freeze([1.0, 0.75, 1.25]);

/** `int(side × scale)`: the reference's truncating side of a scaled input (`int(384 * 0.75)`, `tf.cast(…, tf.int32)`). */
export function scaledSide(side: number, scale: number): number {
  return Math.trunc(side * scale);
}
