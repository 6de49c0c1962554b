import { seededDropout } from '@lip/runtime';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ResolvedSsnanConfig } from './ssnan-config.js';

/**
 * The Dropout(0.5) between `mask_att_conv` and `mask_att_prob`: `@lip/runtime`'s SeededDropout, whose masks
 * are a function of the training step inside `train()`, so a resumed run repeats an uninterrupted one.
 */
export function createAttentionDropout(config: ResolvedSsnanConfig): tfl.layers.Layer {
  return seededDropout({ rate: config.dropoutRate, seed: config.seed, name: 'mask_att_dropout' });
}
