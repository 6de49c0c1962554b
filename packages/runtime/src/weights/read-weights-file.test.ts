import { describe, expect, it } from 'vitest';
import { readWeightsFile } from '../node.js';
import { weightFixtures } from './testing/weight-fixtures.js';

describe('readWeightsFile', () => {
  it('reads .h5 files as Keras weights and anything else as a TF checkpoint', async () => {
    expect((await readWeightsFile(weightFixtures.path('keras2_model.h5'))).format).toBe('keras2');
    expect((await readWeightsFile(weightFixtures.path('keras3_legacy.h5'))).format).toBe('keras3-legacy');
    expect((await readWeightsFile(weightFixtures.path('jppnet_like.ckpt'))).format).toBe('tf-checkpoint');
    expect((await readWeightsFile(weightFixtures.path('jppnet_like.ckpt.index'))).format).toBe('tf-checkpoint');
  });
});
