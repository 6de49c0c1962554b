import type * as tfl from '@tensorflow/tfjs-layers';
import type { LoadWeightsOptions, WeightLoadReport, WeightSource } from '@lip/runtime';
import { readKerasWeightsFile, readTfCheckpointFile } from '@lip/runtime/node';
import type { Pspnet } from '../pspnet/create-pspnet.js';
import { loadPspnetWeights, loadTrunkWeights } from './load-pspnet-weights.js';

/**
 * Reads a weight file by its kind: `.h5` / `.hdf5` / `.keras`-era HDF5 as Keras weights (Keras 2 or
 * Keras 3 legacy layout), anything else as a TensorFlow checkpoint prefix (`model.ckpt`, or one of its
 * `.index` / `.data-*` files), as JPPNet's are.
 */
export function readWeightsFile(path: string): Promise<WeightSource> {
  return /\.(h5|hdf5)$/i.test(path) ? readKerasWeightsFile(path) : readTfCheckpointFile(path);
}

/** `loadPspnetWeights` from a file (see `readWeightsFile`). */
export async function loadPspnetWeightsFile(target: Pspnet | tfl.LayersModel, path: string, options: LoadWeightsOptions = {}): Promise<WeightLoadReport> {
  return loadPspnetWeights(target, await readWeightsFile(path), options);
}

/** `loadTrunkWeights` from a file (see `readWeightsFile`): the head and other layers' tensors are ignored and reported. */
export async function loadTrunkWeightsFile(target: Pspnet | tfl.LayersModel, path: string, options: LoadWeightsOptions = {}): Promise<WeightLoadReport> {
  return loadTrunkWeights(target, await readWeightsFile(path), options);
}
