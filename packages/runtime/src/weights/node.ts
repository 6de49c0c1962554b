export { readKerasWeightsFile } from './keras/read-keras-weights-file.js';
export { readTfCheckpointFile, listTfCheckpointVariablesFile, resolveTfCheckpointPrefix } from './tf-checkpoint/read-tf-checkpoint-file.js';
export { readTfjsModelWeights } from './tfjs-model/read-tfjs-model-weights.js';
export { readWeightsFile } from './read-weights-file.js';
