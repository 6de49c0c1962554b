import * as tf from '@tensorflow/tfjs-core';
import { batchNormTrainingGradConfig } from './batch-norm-training-grad.js';
import { fusedBatchNormGradConfig } from './fused-batch-norm-grad.js';
import { reluGradConfig } from './relu-grad.js';

/** Gradients @lip/runtime registers: faster ones for tfjs kernels (same values), and those of its own kernels. */
export const trainingGradients: readonly tf.GradConfig[] = [fusedBatchNormGradConfig, reluGradConfig, batchNormTrainingGradConfig];

/**
 * Registers them in the global (cross-instance) gradient registry. Idempotent. Whatever imports tfjs' own
 * gradient registrations later (tfjs-layers, the @tensorflow/tfjs union package that tfjs-node loads) puts
 * tfjs' versions back, so `useBackend()` calls this again after loading a backend.
 */
export function registerTrainingGradients(): void {
  for (const config of trainingGradients) {
    if (tf.getGradient(config.kernelName) !== config) tf.registerGradient(config);
  }
}
