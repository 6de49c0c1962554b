export * from './index.js';
export { loadPspnetWeightsFile, loadTrunkWeightsFile } from './weights/read-weights-file.js';
