import type * as tfl from '@tensorflow/tfjs-layers';
import { loadWeightsByName, type LoadWeightsOptions, type WeightLoadReport, type WeightSource } from '@lip/runtime';
import { Jppnet } from '../model/jppnet.js';

/**
 * The checkpoint's top-level variables (`global_step`: layer '') belong to no layer: dropped. Everything else
 * keeps its name: the model's layers carry the reference's scopes (`fc2_pose/conv1`, `bn4b22_branch2c`, ...).
 */
function dropTopLevel(layer: string): string | null {
  return layer === '' ? null : layer;
}

/**
 * Loads JPPNet weights by variable name: a TensorFlow checkpoint of the reference (`checkpoint/JPPNet-s2`,
 * read with `readTfCheckpoint` / `@lip/jppnet/node`'s `readJppnetWeightsFile`; kaffe `weights`/`biases`,
 * ops `w`/`b` and slim BN names map to kernel/bias/gamma/…; `…/Momentum` slots are skipped by the reader),
 * or any source with the same layer names. Strict by default: a missing, unexpected or shape-mismatched
 * tensor throws, listing them, before anything is assigned. Options are `loadWeightsByName`'s; a `rename`
 * given here runs after `global_step` and other top-level variables are dropped.
 */
export function loadJppnetWeights(target: Jppnet | tfl.LayersModel, source: WeightSource, options: LoadWeightsOptions = {}): WeightLoadReport {
  const model = target instanceof Jppnet ? target.model : target;
  if (model == null || !Array.isArray((model as tfl.LayersModel).layers)) throw new Error('@lip/jppnet: loadJppnetWeights expects a Jppnet (from createJppnet) or a tf.LayersModel');
  const userRename = options.rename;
  const rename = (layer: string): string | null => {
    const kept = dropTopLevel(layer);
    if (kept == null || userRename == null) return kept;
    if (typeof userRename === 'function') return userRename(kept);
    return userRename[kept] ?? kept;
  };
  return loadWeightsByName(model as tfl.LayersModel, source, { ...options, rename });
}
