import * as tf from '@tensorflow/tfjs-core';
import { fusedBatchNormGradConfig } from './fused-batch-norm-grad.js';

/** Gradients @lip/runtime replaces: same values as tfjs', faster (see each config). */
export const trainingGradients: readonly tf.GradConfig[] = [fusedBatchNormGradConfig];

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
