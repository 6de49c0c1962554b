import * as tfl from '@tensorflow/tfjs-layers';
import type { ResolvedSsnanConfig } from './ssnan-config.js';

/** The Dropout(0.5) between `mask_att_conv` and `mask_att_prob`. */
export function createAttentionDropout(config: ResolvedSsnanConfig): tfl.layers.Layer {
  return tfl.layers.dropout({ rate: config.dropoutRate, name: 'mask_att_dropout' });
}
