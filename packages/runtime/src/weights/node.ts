export { readKerasWeightsFile } from './keras/read-keras-weights-file.js';
export { readTfCheckpointFile, listTfCheckpointVariablesFile, resolveTfCheckpointPrefix } from './tf-checkpoint/read-tf-checkpoint-file.js';
export { readWeightsFile } from './read-weights-file.js';
