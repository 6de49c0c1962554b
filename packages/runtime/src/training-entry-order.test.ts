// The training entry imported before any backend is loaded (the usual order): useBackend() puts its kernels
// and gradients back on top of those the backend package registers when it loads. Own process (pool 'forks').
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useBackend } from './index.js';
import { trainingGradients, wasmTrainingKernels } from './training.js';

describe('@lip/runtime/training imported before the backend loads', () => {
  it("useBackend('wasm') replaces wasm's own training kernels and keeps the training gradients", async () => {
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')).toBeUndefined(); // wasm not loaded yet: left for later
    await useBackend('wasm', { wasmThreads: 1 });
    for (const config of wasmTrainingKernels) expect(tf.getKernel(config.kernelName, 'wasm')?.kernelFunc).toBe(config.kernelFunc);
    for (const config of trainingGradients) expect(tf.getGradient(config.kernelName)).toBe(config);
  });
});
