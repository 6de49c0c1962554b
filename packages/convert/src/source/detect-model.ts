import type { WeightSource } from '@lip/runtime';
import type { WebModelKind } from '../web-model-kind.js';

/**
 * The network a set of weights belongs to, from its layer names: JPPNet's heads (`fc1_human_c0`, `fc1_pose/…`,
 * `fc2_parsing/…`), SS-NAN's `mask_*` layers or nested `resnet101_model` group, PSPNet-Keras' `conv5_4` + `conv6`.
 * Null when the names say nothing (a bare trunk, another network).
 */
export function detectModelKind(weights: WeightSource): WebModelKind | null {
  const layers = new Set(weights.tensors.map((t) => t.layer));
  const names = [...layers];
  if (names.some((l) => /^fc\d+_(human|pose|parsing)(\/|_c\d|$)/.test(l))) return 'jppnet';
  if (names.some((l) => l.startsWith('mask_')) || weights.tensors.some((t) => /^\/?resnet101_model\//.test(t.name))) return 'ssnan';
  const leaves = new Set(names.map((l) => l.slice(l.lastIndexOf('/') + 1)));
  if (leaves.has('conv6') && leaves.has('conv5_4')) return 'pspnet';
  return null;
}
