// Node-only entry: weight files and tfjs model directories on disk.
export * from './index.js';
export { loadJppnetWeightsFile } from './weights/read-jppnet-weights-file.js';
export { saveJppnet, loadJppnet, type LoadJppnetOptions } from './io/jppnet-model-files.js';
