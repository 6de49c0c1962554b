export { WeightImportError, type WeightDtype, type WeightSource, type WeightTensor } from './weight-source.js';
export { readKerasWeights, type ReadKerasWeightsOptions } from './keras/read-keras-weights.js';
export {
  readTfCheckpoint,
  listTfCheckpointVariables,
  type ReadTfCheckpointOptions,
  type TfCheckpointVariable,
} from './tf-checkpoint/read-tf-checkpoint.js';
export { loadWeightsByName, type LoadWeightsOptions, type WeightLoadReport } from './load-weights-by-name.js';
