// @lip/nan-head: the SS-NAN neural aggregation head over input scales and the full SS-NAN model, for inference.
// Importing it registers only its layer classes; the training API is `@lip/nan-head/training`.
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
export { ssnanFromModel, SSNAN_METADATA_KEY } from './model/ssnan-from-model.js';
export { type SsnanHeadLayers } from './model/ssnan-head-layers.js';
export { ScaledBilinearResize, type ScaledBilinearResizeArgs } from './layers/scaled-bilinear-resize.js';
export { BilinearResizeLike, type BilinearResizeLikeArgs } from './layers/bilinear-resize-like.js';
export { WeightedScaleSum } from './layers/weighted-scale-sum.js';
export { zoomSplineOrder2 } from './inference/scipy-zoom-order2.js';
export { unmouldSsnanProbabilities, argmaxClasses, type SsnanWindow } from './inference/unmould-ssnan-probabilities.js';
export { predictSsnan, type PredictSsnanOptions, type SsnanPrediction } from './inference/predict-ssnan.js';
export {
  loadSsnanWeights,
  type LoadSsnanWeightsOptions,
  type SsnanWeightsFormat,
  type SsnanWeightsReport,
} from './weights/load-ssnan-weights.js';
