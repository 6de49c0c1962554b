/** SS-NAN `MEAN_PIXEL`, RGB order (subtracted; no std scaling, no BGR swap). */
export const SSNAN_MEAN_PIXEL_RGB: readonly [number, number, number] = Object.freeze([123.7, 116.8, 103.9]) as readonly [
  number,
  number,
  number,
];
/** Random scales of the SS-NAN training generator (uniform choice). */
export const SSNAN_TRAIN_SCALES: readonly number[] = Object.freeze([0.6, 0.8, 1.0, 1.2, 1.4]);
/** Square training input side (`IMAGE_MAX_DIM` of `LIPConfig`). */
export const SSNAN_TRAIN_SIZE = 320;
