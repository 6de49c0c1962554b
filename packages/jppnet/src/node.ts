// Node-only entry: weight files and tfjs model directories on disk.
export * from './index.js';
export { loadJppnetWeightsFile } from './weights/read-jppnet-weights-file.js';
export { saveJppnet, loadJppnet, type LoadJppnetOptions } from './io/jppnet-model-files.js';
// The root's createJppnetParser, plus local paths (model folders, train() checkpoints, the reference's TF checkpoint).
export { createJppnetParser } from './io/create-jppnet-parser-node.js';
