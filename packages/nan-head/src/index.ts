// @lip/nan-head: the SS-NAN neural aggregation head over input scales and the full SS-NAN model.
export {
  SSNAN_SCALES,
  SSNAN_ATTENTION_WIDTH,
  SSNAN_NUM_CLASSES,
  SSNAN_FEATURE_STRIDE,
  SSNAN_TRUNK_NAME,
  resolveSsnanConfig,
  type SsnanConfig,
  type ResolvedSsnanConfig,
} from './model/ssnan-config.js';
export { createSsnan, createSsnanTrunk, type CreateSsnanOptions } from './model/create-ssnan.js';
export { Ssnan } from './model/ssnan.js';
export { type SsnanHeadLayers } from './model/ssnan-head-layers.js';
export { ScaledBilinearResize, scaledSide, type ScaledBilinearResizeArgs } from './layers/scaled-bilinear-resize.js';
export { BilinearResizeLike, type BilinearResizeLikeArgs } from './layers/bilinear-resize-like.js';
export { WeightedScaleSum } from './layers/weighted-scale-sum.js';
