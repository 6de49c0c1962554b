// @lip/runtime: backend selection, the inference layers and ops, and the weight readers. Importing it has no
// side effect on tfjs' kernel and gradient registries or on tfjs-layers' classes: it only registers its layer
// classes for deserialisation. Training kernels and gradients come with `@lip/runtime/training`.
import '@tensorflow/tfjs-layers';

export {
  useBackend,
  describeBackendChoice,
  type BackendChoice,
  type BackendName,
  type BackendRequest,
  type UseBackendOptions,
} from './backend/use-backend.js';
export { registerWasmInferenceKernels } from './kernels/wasm/register-wasm-inference-kernels.js';
export { prepareWasmBackend } from './kernels/wasm/prepare-wasm-backend.js';
export { atrousConv2d, type AtrousConv2dOptions } from './ops/atrous-conv2d.js';
export { AtrousConv2D, atrousConv2dLayer } from './layers/atrous-conv2d-layer.js';
export { inlineLayersModel } from './layers/inline-layers-model.js';
// A layer models are built with (the identity at inference); its masks are seeded inside train()'s scope.
export { SeededDropout, seededDropout } from './training/seeded-dropout.js';
export * from './weights/index.js';
// The human-parser core the model packages' parsers share.
export { toPixelTensor, type PixelInput, type BrowserPixelSource, type OffscreenCanvasLike } from './parser/pixel-input.js';
export { createSegmentation } from './parser/create-segmentation.js';
export {
  loadModelArtifacts,
  type LoadModelArtifactsOptions,
  type LoadModelArtifactsResult,
  type LoadedModelArtifacts,
} from './parser/load-model-artifacts.js';
export { ModelLoadError } from './parser/model-load-error.js';
export { assignWeightsByName } from './parser/assign-weights-by-name.js';
export {
  checkParserOptions,
  loadParser,
  parserFromWeights,
  type ParserFamily,
  type ParserModelOptions,
} from './parser/parser-family.js';
