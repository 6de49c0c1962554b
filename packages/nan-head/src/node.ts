// Node-only entry: reads weight files from disk.
export * from './index.js';
export { loadSsnanWeightsFile } from './weights/load-ssnan-weights-file.js';
// The root's createSsnanParser, plus local paths (web model folders, train-ssnan runs and checkpoints, the authors' .h5).
export { createSsnanParser } from './io/create-ssnan-parser-node.js';
