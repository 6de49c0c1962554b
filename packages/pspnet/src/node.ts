export * from './index.js';
export { readWeightsFile, loadPspnetWeightsFile, loadTrunkWeightsFile } from './weights/read-weights-file.js';
