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
export { ssnanFromModel, SSNAN_METADATA_KEY } from './model/ssnan-from-model.js';
export { type SsnanHeadLayers } from './model/ssnan-head-layers.js';
export { ScaledBilinearResize, scaledSide, type ScaledBilinearResizeArgs } from './layers/scaled-bilinear-resize.js';
export { BilinearResizeLike, type BilinearResizeLikeArgs } from './layers/bilinear-resize-like.js';
export { WeightedScaleSum } from './layers/weighted-scale-sum.js';
export { SSNAN_LAYER_SETS, ssnanTrainableLayers, batchNormFrozenOutside, type SsnanLayerSet } from './training/ssnan-layer-sets.js';
export { SSNAN_TRAIN_MODES, SSNAN_TRAINING_STEPS, checkSsnanTrainMode, type SsnanTrainMode } from './training/ssnan-train-modes.js';
export { ssnanForward, pretrainScaleFrom, SSNAN_PRETRAIN_SCALES, type SsnanForwardOptions } from './training/ssnan-forward.js';
export { createSsnanOptimizer, SSNAN_OPTIMIZER_DEFAULTS, type SsnanOptimizerOptions } from './training/create-ssnan-optimizer.js';
export { zoomSplineOrder2 } from './inference/scipy-zoom-order2.js';
export { unmouldSsnanProbabilities, argmaxClasses, type SsnanWindow } from './inference/unmould-ssnan-probabilities.js';
export { predictSsnan, type PredictSsnanOptions, type SsnanPrediction } from './inference/predict-ssnan.js';
export {
  loadSsnanWeights,
  type LoadSsnanWeightsOptions,
  type SsnanWeightsFormat,
  type SsnanWeightsReport,
} from './weights/load-ssnan-weights.js';
export { ssnanLoss, ssnanPixelAccuracyOf, type SsnanLossOptions } from './training/ssnan-loss.js';
export {
  createSsnanTrainingStep,
  type SsnanTrainingStep,
  type SsnanTrainingStepOptions,
} from './training/ssnan-training-step.js';
