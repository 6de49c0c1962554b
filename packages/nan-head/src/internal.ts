// @lip/nan-head/internal: constants, layers and inference steps of SS-NAN, for the other @lip packages, examples
// and tests. The layers register themselves for deserialization when the root entry is imported. No semver promise.
export { SSNAN_ATTENTION_WIDTH, SSNAN_NUM_CLASSES, SSNAN_FEATURE_STRIDE, SSNAN_TRUNK_NAME } from './model/ssnan-config.js';
export { createSsnanTrunk } from './model/create-ssnan.js';
export { SSNAN_METADATA_KEY } from './model/ssnan-from-model.js';
export { ScaledBilinearResize, type ScaledBilinearResizeArgs } from './layers/scaled-bilinear-resize.js';
export { BilinearResizeLike, type BilinearResizeLikeArgs } from './layers/bilinear-resize-like.js';
export { WeightedScaleSum } from './layers/weighted-scale-sum.js';
export { zoomSplineOrder2 } from './inference/scipy-zoom-order2.js';
export { unmouldSsnanProbabilities, argmaxClasses, type SsnanWindow } from './inference/unmould-ssnan-probabilities.js';
