// The baseline is tfjs-core + tfjs-layers (importing tfjs-layers registers tfjs' own gradients). This file runs
// in its own process (vitest pool 'forks'), so nothing of @lip/runtime is loaded before the dynamic imports.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { registryChanges, snapshotTfjsRegistries } from './testing/registry-snapshot.js';

const BN_PATCH = 'layer class patched: BatchNormalization.prototype.call';

describe('@lip/runtime entries and their side effects', () => {
  it('importing the default entry leaves the kernel and gradient registries and the layer classes as they were', async () => {
    const before = snapshotTfjsRegistries();
    expect(before.gradients.size).toBeGreaterThan(100); // tfjs-layers' registrations: the snapshot sees the registry
    const runtime = await import('./index.js');
    expect(registryChanges(before, snapshotTfjsRegistries())).toEqual([]);
    expect(runtime).not.toHaveProperty('train');
    expect(runtime).not.toHaveProperty('registerTrainingKernels');
  });

  it("useBackend('wasm') without the training entry installs wasm's inference kernels (BN, Winograd) and no training kernel or gradient", async () => {
    const { useBackend } = await import('./index.js');
    await import('@tensorflow/tfjs-backend-wasm'); // its own kernels, so the snapshot holds them
    const before = snapshotTfjsRegistries();
    const choice = await useBackend('wasm', { wasmThreads: 1 });
    expect(choice.winograd).toBe(true);
    expect(registryChanges(before, snapshotTfjsRegistries())).toEqual([
      'kernel replaced: wasm_Conv2D',
      'kernel replaced: wasm_FusedBatchNorm',
      'kernel replaced: wasm_FusedConv2D',
    ]);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined(); // tfjs-wasm lacks it; the training entry adds it
  });

  it('importing the training entry (after a backend is active) registers the training kernels, gradients and batch-norm path', async () => {
    const wasmOwnInputGradient = tf.getKernel('Conv2DBackpropInput', 'wasm')!.kernelFunc;
    const before = snapshotTfjsRegistries();
    const training = await import('./training.js');
    const changes = registryChanges(before, snapshotTfjsRegistries());
    expect(changes).toEqual(expect.arrayContaining([
      'kernel added: wasm_Conv2DBackpropFilter',
      'kernel replaced: wasm_Conv2DBackpropInput',
      'kernel replaced: wasm_AvgPoolGrad',
      'kernel added: cpu_LipBatchNormTraining',
      'gradient replaced: FusedBatchNorm',
      'gradient replaced: Relu',
      BN_PATCH,
    ]));
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')!.kernelFunc).not.toBe(wasmOwnInputGradient);

    // Idempotent: registering again changes nothing.
    const registered = snapshotTfjsRegistries();
    training.registerTrainingKernels();
    expect(registryChanges(registered, snapshotTfjsRegistries())).toEqual([]);
  });
});
