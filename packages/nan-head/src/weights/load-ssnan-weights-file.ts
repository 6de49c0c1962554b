import { readKerasWeightsFile } from '@lip/runtime/node';
import type { Ssnan } from '../model/ssnan.js';
import { loadSsnanWeights, type LoadSsnanWeightsOptions, type SsnanWeightsReport } from './load-ssnan-weights.js';

/** Reads a Keras HDF5 file (SS-NAN or PSPNet-Keras layout) and loads it with {@link loadSsnanWeights}. */
export async function loadSsnanWeightsFile(ssnan: Ssnan, path: string, options: LoadSsnanWeightsOptions = {}): Promise<SsnanWeightsReport> {
  return loadSsnanWeights(ssnan, await readKerasWeightsFile(path), options);
}
