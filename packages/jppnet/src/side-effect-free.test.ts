// Baseline: tfjs-core + tfjs-layers (tfjs-layers registers tfjs' own gradients). Own process (vitest pool 'forks').
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { registryChangesOf, TRAINING_REGISTRATIONS } from '@lip/runtime/testing';

describe('@lip/jppnet entries and their side effects', () => {
  it('importing @lip/jppnet and @lip/jppnet/node registers no kernel or gradient and patches no layer class', async () => {
    expect(await registryChangesOf(() => Promise.all([import('./index.js'), import('./node.js')]))).toEqual([]);
  });

  it('importing @lip/jppnet/training registers the training kernels and gradients (through @lip/runtime/training)', async () => {
    expect(await registryChangesOf(() => import('./training.js'))).toEqual(expect.arrayContaining([...TRAINING_REGISTRATIONS]));
  });
});
