import { setBackendLoadHook } from '../backend/backend-load-hooks.js';
import { registerTrainingGradients } from '../gradients/register-training-gradients.js';
import { registerFusedTrainingKernels } from '../kernels/register-fused-training-kernels.js';
import { registerWasmTrainingKernels } from '../kernels/wasm/register-wasm-training-kernels.js';
import { installFusedBatchNormTraining } from '../layers/fused-batch-norm-training.js';

/**
 * Registers everything `@lip/runtime` adds for training, process-wide: the wasm training kernels, the fused
 * training kernels (batch norm in training mode, ReLU's gradient), the faster gradients (after tfjs-layers'
 * own, which they replace), and the one-kernel training path of tfjs-layers' `BatchNormalization`. From then
 * on `useBackend()` puts the kernels and gradients back after loading a backend package that registers its
 * own. Importing `@lip/runtime/training` calls this; calling it again does no harm (each step is idempotent),
 * e.g. after importing `@tensorflow/tfjs-backend-wasm` and selecting it without `useBackend`.
 */
export function registerTrainingKernels(): void {
  registerWasmTrainingKernels();
  registerFusedTrainingKernels();
  registerTrainingGradients(); // after tfjs-layers' own registrations, which it replaces
  installFusedBatchNormTraining();
  setBackendLoadHook('@lip/runtime/training', (backend) => {
    // Importing tfjs-backend-wasm registers its own kernels, and tfjs-node the union package's gradients.
    if (backend === 'wasm') registerWasmTrainingKernels();
    registerTrainingGradients();
  });
}
