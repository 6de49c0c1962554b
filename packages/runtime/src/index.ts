// Gradients are side-effect registrations that tfjs-layers pulls in (tfjs-core alone has none),
// so importing @lip/runtime is enough to train.
import '@tensorflow/tfjs-layers';
import { registerTrainingGradients } from './gradients/register-training-gradients.js';
import { registerFusedTrainingKernels } from './kernels/register-fused-training-kernels.js';
import { registerWasmTrainingKernels } from './kernels/wasm/register-wasm-training-kernels.js';
import { installFusedBatchNormTraining } from './layers/fused-batch-norm-training.js';

registerWasmTrainingKernels();
registerFusedTrainingKernels();
registerTrainingGradients(); // after tfjs-layers' own registrations, which it replaces
installFusedBatchNormTraining();

export {
  useBackend,
  describeBackendChoice,
  type BackendChoice,
  type BackendName,
  type BackendRequest,
  type UseBackendOptions,
} from './backend/use-backend.js';
export { registerWasmTrainingKernels, wasmTrainingKernels } from './kernels/wasm/register-wasm-training-kernels.js';
export { registerTrainingGradients, trainingGradients } from './gradients/register-training-gradients.js';
export { atrousConv2d, atrousConv2dBySpaceToBatch, type AtrousConv2dOptions } from './ops/atrous-conv2d.js';
export type { AtrousPadding } from './ops/atrous-geometry.js';
export { AtrousConv2D, atrousConv2dLayer } from './layers/atrous-conv2d-layer.js';
export { inlineLayersModel } from './layers/inline-layers-model.js';
export * from './weights/index.js';
export * from './training/index.js';
