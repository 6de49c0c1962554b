// Baseline: tfjs-core + tfjs-layers (tfjs-layers registers tfjs' own gradients). Own process (vitest pool 'forks').
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { registryChanges, snapshotTfjsRegistries } from '@lip/runtime/testing';

describe('@lip/pspnet entries and their side effects', () => {
  it('importing @lip/pspnet and @lip/pspnet/node registers no kernel or gradient and patches no layer class', async () => {
    const before = snapshotTfjsRegistries();
    await import('./index.js');
    await import('./node.js');
    expect(registryChanges(before, snapshotTfjsRegistries())).toEqual([]);
  });
});
