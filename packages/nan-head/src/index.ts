// @lip/nan-head: the SS-NAN model (llltttppp/SS-NAN): a PSPNet trunk, neural aggregation over input scales and the
// evaluation procedure. Parsing images: createSsnanParser. Training is in @lip/nan-head/training, building blocks in @lip/nan-head/internal.
export { SSNAN_SCALES, resolveSsnanConfig, type SsnanConfig, type ResolvedSsnanConfig } from './model/ssnan-config.js';
export { createSsnan, type CreateSsnanOptions } from './model/create-ssnan.js';
export { Ssnan } from './model/ssnan.js';
export type { SsnanHeadLayers } from './model/ssnan-head-layers.js';
export { ssnanFromModel } from './model/ssnan-from-model.js';
export { createSsnanParser, type SsnanParserConfig } from './parser/create-ssnan-parser.js';
export type { SsnanParser } from './parser/ssnan-parser.js';
export { predictSsnan, type PredictSsnanOptions, type SsnanPrediction } from './inference/predict-ssnan.js';
export {
  loadSsnanWeights,
  type LoadSsnanWeightsOptions,
  type SsnanWeightsFormat,
  type SsnanWeightsReport,
} from './weights/load-ssnan-weights.js';
