import { getKernel, registerKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { compositeBatchNormTrainingKernels } from './batch-norm-training/composite-kernels.js';
import { nativeBatchNormTrainingKernels } from './native/batch-norm-training.js';
import { nativeReluGradKernel } from './native/relu-grad.js';

/** @lip/runtime's own kernels that make a training step take fewer kernels: batch norm in training mode, ReLU's gradient. */
export const fusedTrainingKernels: readonly KernelConfig[] = [
  ...compositeBatchNormTrainingKernels,
  ...nativeBatchNormTrainingKernels,
  nativeReluGradKernel,
];

/** Registers them in the global tfjs kernel registry (keyed by backend name, so before any backend loads). Idempotent. */
export function registerFusedTrainingKernels(): void {
  for (const config of fusedTrainingKernels) {
    if (getKernel(config.kernelName, config.backendName) == null) registerKernel(config);
  }
}
