// Baseline: tfjs-core + tfjs-layers (tfjs-layers registers tfjs' own gradients). Own process (vitest pool 'forks').
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { registryChanges, snapshotTfjsRegistries } from '@lip/runtime/testing';

describe('@lip/ssl-loss entries and their side effects', () => {
  it('importing @lip/ssl-loss registers no kernel or gradient and patches no layer class', async () => {
    const before = snapshotTfjsRegistries();
    await import('./index.js');
    expect(registryChanges(before, snapshotTfjsRegistries())).toEqual([]);
  });

  it('importing @lip/ssl-loss/training registers the training kernels and gradients (through @lip/runtime/training)', async () => {
    const before = snapshotTfjsRegistries();
    await import('./training.js');
    expect(registryChanges(before, snapshotTfjsRegistries())).toEqual(expect.arrayContaining([
      'gradient replaced: FusedBatchNorm',
      'kernel added: cpu_LipBatchNormTraining',
      'layer class patched: BatchNormalization.prototype.call',
    ]));
  });
});
