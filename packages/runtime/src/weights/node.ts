export { readKerasWeightsFile } from './keras/read-keras-weights-file.js';
