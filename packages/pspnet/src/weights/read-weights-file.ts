import type * as tfl from '@tensorflow/tfjs-layers';
import type { LoadWeightsOptions, WeightLoadReport } from '@lip/runtime';
import { readWeightsFile } from '@lip/runtime/node';
import type { Pspnet } from '../pspnet/create-pspnet.js';
import { loadPspnetWeights, loadTrunkWeights } from './load-pspnet-weights.js';

/** `loadPspnetWeights` from a file (`readWeightsFile` of `@lip/runtime/node`: `.h5` as Keras, else a TF checkpoint). */
export async function loadPspnetWeightsFile(target: Pspnet | tfl.LayersModel, path: string, options: LoadWeightsOptions = {}): Promise<WeightLoadReport> {
  return loadPspnetWeights(target, await readWeightsFile(path), options);
}

/** `loadTrunkWeights` from a file (see `loadPspnetWeightsFile`): the head and other layers' tensors are ignored and reported. */
export async function loadTrunkWeightsFile(target: Pspnet | tfl.LayersModel, path: string, options: LoadWeightsOptions = {}): Promise<WeightLoadReport> {
  return loadTrunkWeights(target, await readWeightsFile(path), options);
}
