export * from './index.js';
export { loadPspnetWeightsFile, loadTrunkWeightsFile } from './weights/read-weights-file.js';
// The root's createPspnetParser, plus local paths (web model folders, PSPNet-Keras .h5 files).
export { createPspnetParser } from './io/create-pspnet-parser-node.js';
