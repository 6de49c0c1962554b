// Baseline: tfjs-core + tfjs-layers (tfjs-layers registers tfjs' own gradients). Own process (vitest pool 'forks').
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { registryChangesOf } from '@lip/runtime/testing';

describe('@lip/pspnet entries and their side effects', () => {
  it('importing @lip/pspnet and @lip/pspnet/node registers no kernel or gradient and patches no layer class', async () => {
    expect(await registryChangesOf(() => Promise.all([import('./index.js'), import('./node.js')]))).toEqual([]);
  });
});
