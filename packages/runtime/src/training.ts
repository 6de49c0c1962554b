// @lip/runtime/training: train(), the optimizers, schedules, checkpoint stores and the training kernels.
// Importing this entry has a process-wide side effect, on purpose: it registers the wasm and fused training
// kernels and the training gradients, and installs the one-kernel BatchNormalization training path
// (registerTrainingKernels()). The default entry `@lip/runtime` registers none of them.
// tfjs-layers first: it registers tfjs' own gradients (which ours replace) and the BatchNormalization class.
import '@tensorflow/tfjs-layers';
import { registerTrainingKernels } from './training/register-training-kernels.js';

registerTrainingKernels();

export { registerTrainingKernels } from './training/register-training-kernels.js';
export { registerWasmTrainingKernels, wasmTrainingKernels } from './kernels/wasm/register-wasm-training-kernels.js';
export { registerFusedTrainingKernels, fusedTrainingKernels } from './kernels/register-fused-training-kernels.js';
export { registerTrainingGradients, trainingGradients } from './gradients/register-training-gradients.js';
export { installFusedBatchNormTraining } from './layers/fused-batch-norm-training.js';
export * from './training/index.js';
