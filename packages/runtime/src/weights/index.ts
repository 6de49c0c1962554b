export { WeightImportError, type WeightDtype, type WeightSource, type WeightTensor } from './weight-source.js';
export { readKerasWeights, type ReadKerasWeightsOptions } from './keras/read-keras-weights.js';
