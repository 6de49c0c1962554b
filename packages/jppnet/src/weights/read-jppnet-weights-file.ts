import type * as tfl from '@tensorflow/tfjs-layers';
import type { LoadWeightsOptions, WeightLoadReport } from '@lip/runtime';
import { readWeightsFile } from '@lip/runtime/node';
import type { Jppnet } from '../model/jppnet.js';
import { loadJppnetWeights } from './load-jppnet-weights.js';

/**
 * `loadJppnetWeights` from a file: a TF checkpoint prefix (`checkpoint/JPPNet-s2/model.ckpt-…`), its `.index`
 * or `.data-*` file, or a folder with a `checkpoint` state file; or a Keras `.h5` with the same layer names.
 */
export async function loadJppnetWeightsFile(target: Jppnet | tfl.LayersModel, path: string, options: LoadWeightsOptions = {}): Promise<WeightLoadReport> {
  return loadJppnetWeights(target, await readWeightsFile(path), options);
}
