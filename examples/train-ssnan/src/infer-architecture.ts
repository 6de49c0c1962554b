import type { WeightSource } from '@lip/runtime';
import type { SsnanArchitecture } from './architecture.js';

const DEPTH_BLOCKS: Record<50 | 101, string> = { 50: '3,4,6,3', 101: '3,4,23,3' };

/**
 * Reads the architecture off a weight file's names and shapes, for files without a run directory (e.g. a
 * released `.h5`): the width from conv5's 2048·w output channels, the blocks per stage from the
 * `conv{L}_{S}_1x1_reduce` names, the attention width from `mask_att_conv`. Fields it cannot see are left out.
 */
export function inferArchitecture(source: WeightSource): Partial<SsnanArchitecture> {
  const out: { -readonly [K in keyof SsnanArchitecture]?: SsnanArchitecture[K] } = {};
  const blocks = [0, 0, 0, 0];
  for (const t of source.tensors) {
    const layer = t.layer.slice(t.layer.lastIndexOf('/') + 1);
    const m = /^conv([2-5])_(\d+)_1x1_reduce$/.exec(layer);
    if (m && t.role === 'kernel') blocks[Number(m[1]) - 2] = Math.max(blocks[Number(m[1]) - 2]!, Number(m[2]));
    if (layer === 'conv5_1_1x1_increase' && t.role === 'kernel') out.widthMultiplier = t.shape[3]! / 2048;
    if (layer === 'mask_att_conv' && t.role === 'kernel') out.attentionWidth = t.shape[3]!;
  }
  if (blocks.every((b) => b > 0)) {
    const key = blocks.join(',');
    if (key === DEPTH_BLOCKS[101]) out.depth = 101;
    else if (key === DEPTH_BLOCKS[50]) out.depth = 50;
    else out.blocksPerStage = blocks as [number, number, number, number];
  }
  return out;
}
