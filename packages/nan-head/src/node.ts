// Node-only entry: reads weight files from disk.
export * from './index.js';
export { loadSsnanWeightsFile } from './weights/load-ssnan-weights-file.js';
